import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ChangeRecord, ChangeSet, failAfterRollback } from '../kube/ChangeSet';
import { describeObject } from '../kube/objects';
import { ManifestObject, readManifests } from '../kube/readManifests';
import { ServerSideApplier } from '../kube/ServerSideApplier';
import { API_VERSION_SHAPE, ApplyTarget } from '../security/ApplyPolicy';
import { requireNamespaceAccess } from '../security/namespaceAccess';
import { multiclusterKarmadaApplyPermission } from '@multiregion/backstage-plugin-multicluster-common';
import {
  ActionEnvironment,
  connectKarmada,
  requireDnsLabel,
} from './ActionEnvironment';
import { karmadaInstanceInput, objectsOutput } from './inputs';
import { examples } from './karmadaApply.examples';

/** Applied first, so what follows has its namespace and kinds. */
const KIND_ORDER = ['Namespace', 'CustomResourceDefinition'];

/**
 * `karmada:apply`: server-side applies the workspace's manifests to a
 * Karmada instance with a fixed field manager and reports per object
 * whether it was created, configured or unchanged.
 */
export function createKarmadaApplyAction(env: ActionEnvironment) {
  return createTemplateAction({
    id: 'karmada:apply',
    description:
      'Server-side applies all manifests in a workspace folder to a Karmada instance; reports created / configured / unchanged per object',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        karmada: karmadaInstanceInput,
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace file or folder with YAML/JSON manifests (walked recursively)',
            ),
        namespace: z =>
          z
            .string()
            .optional()
            .describe('Namespace for namespaced objects that name none'),
        force: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Take over fields another field manager owns instead of failing on the conflict',
            ),
        existing: z =>
          z
            .enum(['update', 'refuse-changes'])
            .optional()
            .describe(
              'update (default): bring existing objects to the manifests; refuse-changes: fail before writing anything when an object already exists with other content, e.g. a template run again with a name already taken',
            ),
      },
      output: {
        objects: objectsOutput,
        created: z => z.number().describe('How many objects were created'),
        configured: z => z.number().describe('How many were changed'),
        unchanged: z => z.number().describe('How many were already as applied'),
      },
    },
    async handler(ctx) {
      const input = {
        ...ctx.input,
        path: ctx.input.path ?? '.',
        namespace: ctx.input.namespace ?? 'default',
        force: ctx.input.force ?? false,
        existing: ctx.input.existing ?? 'update',
      };
      await env.security.audit.run(
        ctx,
        {
          actionId: 'karmada:apply',
          severityLevel: 'medium',
          target: { karmada: input.karmada, path: input.path },
        },
        async initiator => {
          requireDnsLabel('namespace', input.namespace);
          const root = resolveSafeChildPath(ctx.workspacePath, input.path);
          const manifests = order(await readManifests(root, ctx.workspacePath));
          if (!manifests.length) {
            throw new InputError(`path: no manifests found in '${input.path}'`);
          }
          const karmada = connectKarmada(env, input.karmada);
          try {
            const applier = new ServerSideApplier(karmada);
            // Everything is checked before anything is written: kinds,
            // namespaces, then the caller's right to each namespace.
            const targets = await allowedTargets(
              env,
              applier,
              manifests,
              input.namespace,
            );
            await checkKinds(applier, manifests);
            await requireNamespaceAccess({
              security: env.security,
              initiator,
              karmada: input.karmada,
              applier,
              permission: multiclusterKarmadaApplyPermission,
              targets,
              defaultNamespace: input.namespace,
            });
            // A server-side dry run of the whole set: names, schemas and
            // admission webhooks refuse bad input before anything is written.
            const planned = await preflight(
              applier,
              manifests,
              ctx.logger,
              input,
            );
            const changed = planned.filter(r => r.result === 'configured');
            if (input.existing === 'refuse-changes' && changed.length) {
              throw new InputError(
                `existing: ${changed.map(r => r.ref).join(', ')} already ${
                  changed.length === 1 ? 'exists' : 'exist'
                } in ${
                  input.karmada
                } with other content; nothing was applied (choose another name, or existing: update)`,
              );
            }
            if (ctx.isDryRun) {
              ctx.output('objects', []);
              ctx.output('created', 0);
              ctx.output('configured', 0);
              ctx.output('unchanged', 0);
              return { objects: planned.map(r => `${r.ref} ${r.result}`) };
            }

            const changes = new ChangeSet(ctx.logger, false);
            try {
              for (const { object } of manifests) {
                await changes.apply(applier, object, {
                  force: input.force,
                  defaultNamespace: input.namespace,
                });
                if (object.kind === 'CustomResourceDefinition') {
                  applier.discovery.reset();
                }
              }
            } catch (error) {
              await failAfterRollback(changes, error);
            }
            const count = (result: string) =>
              changes.records.filter(r => r.result === result).length;
            ctx.output('objects', changes.records);
            ctx.output('created', count('created'));
            ctx.output('configured', count('configured'));
            ctx.output('unchanged', count('unchanged'));
            return {
              objects: changes.records.map(r => `${r.ref} ${r.result}`),
            };
          } finally {
            await karmada.close();
          }
        },
      );
    },
  });
}

/**
 * The objects the apply policy allows, each with its namespace; refuses the
 * whole set, naming every refused object, when one is not.
 */
async function allowedTargets(
  env: ActionEnvironment,
  applier: ServerSideApplier,
  manifests: ManifestObject[],
  defaultNamespace: string,
): Promise<ApplyTarget[]> {
  const scope = new Map<ManifestObject, boolean | undefined>();
  for (const manifest of manifests) {
    const { apiVersion, kind } = manifest.object;
    // An apiVersion goes into a URL only once it is known to be one.
    if (!API_VERSION_SHAPE.test(apiVersion)) continue;
    scope.set(
      manifest,
      (await applier.discovery.resolve(apiVersion, kind))?.namespaced,
    );
  }
  const { targets, refused } = env.security.applyPolicy.check(
    manifests,
    defaultNamespace,
    m => scope.get(m),
  );
  if (refused.length) {
    throw new InputError(
      `${refused.length} of ${manifests.length} ${
        manifests.length === 1 ? 'object is' : 'objects are'
      } refused, nothing was applied: ${refused.join('; ')}`,
    );
  }
  return targets;
}

async function preflight(
  applier: ServerSideApplier,
  manifests: ManifestObject[],
  logger: LoggerService,
  input: { namespace: string; force: boolean },
): Promise<ChangeRecord[]> {
  const dryRun = new ChangeSet(logger, true);
  for (const { source, object } of manifests) {
    try {
      await dryRun.apply(applier, object, {
        force: input.force,
        defaultNamespace: input.namespace,
      });
    } catch (error) {
      if (
        object.kind === 'CustomResourceDefinition' ||
        !(await applier.discovery.resolve(object.apiVersion, object.kind))
      ) {
        // Kinds from CRDs in this set exist only after the real apply.
        continue;
      }
      throw new InputError(`${source}: ${(error as Error).message}`);
    }
  }
  return dryRun.records;
}

function order(manifests: ManifestObject[]): ManifestObject[] {
  const rank = (m: ManifestObject) => {
    const i = KIND_ORDER.indexOf(m.object.kind);
    return i < 0 ? KIND_ORDER.length : i;
  };
  return manifests
    .map((m, i) => ({ m, i }))
    .sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i)
    .map(({ m }) => m);
}

/**
 * Refuses the whole set before applying anything when a name is invalid or
 * a kind is neither served nor defined by a CRD in the same set.
 */
async function checkKinds(
  applier: ServerSideApplier,
  manifests: ManifestObject[],
) {
  const definedByCrds = new Set(
    manifests
      .filter(m => m.object.kind === 'CustomResourceDefinition')
      .map(m => {
        const spec = (m.object as any).spec ?? {};
        return `${spec.group}/${spec.names?.kind}`;
      }),
  );
  for (const { source, object } of manifests) {
    const served = await applier.discovery.resolve(
      object.apiVersion,
      object.kind,
    );
    const group = object.apiVersion.includes('/')
      ? object.apiVersion.split('/')[0]
      : '';
    if (!served && !definedByCrds.has(`${group}/${object.kind}`)) {
      throw new InputError(
        `${source}: ${describeObject(object)}: Karmada ${
          applier.connection.name
        } does not serve kind ${object.kind} in ${object.apiVersion}`,
      );
    }
  }
}
