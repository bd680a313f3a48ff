import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { KubernetesConnection } from '@multiregion/backstage-plugin-multicluster-node';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import yaml from 'yaml';
import { KubernetesObject } from '../kube/objects';
import { ServerSideApplier } from '../kube/ServerSideApplier';
import { buildPropagationPolicy } from '../policy/buildPropagationPolicy';
import { getCluster } from '../registration/clusterReady';
import {
  ActionEnvironment,
  connectKarmada,
  requireDnsLabel,
  requireRegion,
} from './ActionEnvironment';
import { examples } from './karmadaPolicyCreate.examples';
import { multiclusterPolicyCreatePermission } from '@multiregion/backstage-plugin-multicluster-common';
import { Initiator } from '../security/ActionGuard';
import {
  describeOwned,
  namespaceResource,
  normalizeOwner,
  ownerOf,
  readNamespace,
} from '../security/ownership';

/**
 * `karmada:policy:create`: builds a PropagationPolicy from regions and a
 * strategy, validates it (against Karmada with a server-side dry run when
 * an instance is named), and writes it into the workspace for
 * `karmada:apply`.
 */
export function createKarmadaPolicyCreateAction(env: ActionEnvironment) {
  return createTemplateAction({
    id: 'karmada:policy:create',
    description:
      'Builds a Karmada PropagationPolicy from regions or clusters and a strategy (duplicated, divided-even, weighted, primary-failover) and writes it into the workspace',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string().describe('PropagationPolicy name (DNS-1123 label)'),
        namespace: z =>
          z
            .string()
            .optional()
            .describe('Namespace of the policy and the workloads it selects'),
        resourceSelectors: z =>
          z
            .array(
              z.object({
                apiVersion: z.string().describe('e.g. apps/v1'),
                kind: z.string().describe('e.g. Deployment'),
                name: z.string().optional().describe('Object name'),
                namespace: z.string().optional().describe('Object namespace'),
                labelSelector: z
                  .object({ matchLabels: z.record(z.string()).optional() })
                  .optional()
                  .describe('Select objects by labels instead of name'),
              }),
            )
            .min(1)
            .describe('Which objects the policy propagates'),
        regions: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Target regions (multicluster.regions ids); for primary-failover in failover order',
            ),
        clusters: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Target clusters instead of regions; for primary-failover in order',
            ),
        strategy: z =>
          z
            .enum([
              'duplicated',
              'divided-even',
              'weighted',
              'primary-failover',
            ])
            .describe(
              'duplicated: all replicas in every target; divided-even: equal shares; weighted: by weights; primary-failover: first target, then the next',
            ),
        weights: z =>
          z
            .union([z.record(z.number()), z.array(z.number())])
            .optional()
            .describe(
              'weighted: a weight per chosen region or cluster, e.g. { na: 4, eu: 1 }, or a list in the order of regions (or clusters), e.g. [4, 1] (what a template form gives)',
            ),
        spreadConstraints: z =>
          z
            .array(
              z.object({
                spreadByField: z.enum([
                  'cluster',
                  'region',
                  'zone',
                  'provider',
                ]),
                minGroups: z.number().int().min(0).optional(),
                maxGroups: z.number().int().min(0).optional(),
              }),
            )
            .optional()
            .describe(
              'Optional Karmada spread constraints (region/zone/provider need a cluster one too)',
            ),
        failover: z =>
          z
            .object({
              tolerationSeconds: z.number().int().min(0).optional(),
              purgeMode: z.enum(['Directly', 'Gracefully', 'Never']).optional(),
              gracePeriodSeconds: z.number().int().positive().optional(),
            })
            .optional()
            .describe(
              'Optional application failover (spec.failover.application)',
            ),
        labels: z =>
          z.record(z.string()).optional().describe('Labels for the policy'),
        karmada: z =>
          z
            .string()
            .optional()
            .describe(
              'Karmada instance to validate against (server-side dry run, cluster names)',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace file to write (default karmada/propagationpolicy-<name>.yaml)',
            ),
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              "The namespace's owner when it does not exist yet (the owner karmada:apply will record), e.g. group:default/shop",
            ),
      },
      output: {
        policy: z =>
          z.record(z.unknown()).describe('The PropagationPolicy object'),
        path: z =>
          z.string().describe('Workspace-relative path of the written file'),
        result: z =>
          z
            .enum(['created', 'configured', 'unchanged'])
            .describe('unchanged when the file already held this policy'),
      },
    },
    async handler(ctx) {
      await env.security.audit.run(
        ctx,
        {
          actionId: 'karmada:policy:create',
          severityLevel: 'low',
          target: {
            karmada: ctx.input.karmada ?? null,
            namespace: ctx.input.namespace ?? 'default',
            policy: ctx.input.name,
          },
        },
        async initiator => {
          const input = {
            ...ctx.input,
            namespace: ctx.input.namespace ?? 'default',
            failover: ctx.input.failover && {
              ...ctx.input.failover,
              tolerationSeconds: ctx.input.failover.tolerationSeconds ?? 30,
              purgeMode: ctx.input.failover.purgeMode ?? 'Gracefully',
            },
          };
          refuseDuplicates('regions', ctx.input.regions);
          refuseDuplicates('clusters', ctx.input.clusters);
          // Only the weighted strategy reads weights: a form may keep old ones.
          const weights =
            ctx.input.strategy === 'weighted'
              ? weightsByTarget(
                  ctx.input.weights,
                  ctx.input.regions ?? ctx.input.clusters ?? [],
                )
              : undefined;
          requireDnsLabel('name', input.name);
          requireDnsLabel('namespace', input.namespace);
          input.regions?.forEach(region => requireRegion(env, region));
          input.clusters?.forEach((c, i) =>
            requireDnsLabel(`clusters[${i}]`, c),
          );
          const policy = buildPropagationPolicy({
            ...input,
            weights,
            resourceSelectors: input.resourceSelectors.map(s => ({
              ...s,
              namespace: s.namespace ?? input.namespace,
            })),
          });

          const owner =
            input.owner !== undefined
              ? normalizeOwner('owner', input.owner)
              : undefined;
          let existingNamespace: Awaited<ReturnType<typeof readNamespace>>;
          if (input.karmada) {
            const karmada = connectKarmada(env, input.karmada);
            try {
              existingNamespace = await readNamespace(karmada, input.namespace);
              await requireNamespacePermission(
                env,
                initiator,
                input.karmada,
                input.namespace,
                existingNamespace ? ownerOf(existingNamespace) : owner,
              );
              await validateInKarmada(karmada, policy, input.clusters ?? []);
            } finally {
              await karmada.close();
            }
          } else {
            // Without a Karmada instance only the owner to be can be judged;
            // karmada:apply checks the real namespace again.
            await requireNamespacePermission(
              env,
              initiator,
              '',
              input.namespace,
              owner,
            );
          }

          const path =
            input.targetPath ?? `karmada/propagationpolicy-${input.name}.yaml`;
          const file = resolveSafeChildPath(ctx.workspacePath, path);
          const text = yaml.stringify(policy);
          const before = await readFile(file, 'utf8').catch(() => undefined);
          let result: 'created' | 'configured' | 'unchanged' = 'configured';
          if (before === undefined) result = 'created';
          else if (before === text) result = 'unchanged';
          if (!ctx.isDryRun && result !== 'unchanged') {
            await mkdir(dirname(file), { recursive: true });
            await writeFile(file, text);
          }
          ctx.logger.info(
            `${ctx.isDryRun ? '[dry run] ' : ''}${path}: PropagationPolicy ${
              input.namespace
            }/${input.name} ${result}`,
          );
          ctx.output('policy', policy as Record<string, unknown>);
          ctx.output('path', path);
          ctx.output('result', result);
        },
      );
    },
  });
}

async function requireNamespacePermission(
  env: ActionEnvironment,
  initiator: Initiator,
  karmada: string,
  namespace: string,
  owner: string | undefined,
) {
  const resource = namespaceResource(karmada, namespace, owner);
  await env.security.guard.requireOnEach(
    initiator,
    multiclusterPolicyCreatePermission,
    [{ resource, target: describeOwned('namespace', resource) }],
    env.security.namespaceRules,
    { doing: 'create a PropagationPolicy for' },
  );
}

/**
 * Named clusters must exist, and Karmada's own validating webhook must
 * accept the policy (a server-side dry run writes nothing).
 */
async function validateInKarmada(
  karmada: KubernetesConnection,
  policy: KubernetesObject,
  clusters: string[],
) {
  for (const [i, cluster] of clusters.entries()) {
    if (!(await getCluster(karmada, cluster))) {
      throw new InputError(
        `clusters[${i}]: cluster '${cluster}' is not registered in ${karmada.name}`,
      );
    }
  }
  const namespace = await karmada.request({
    path: `/api/v1/namespaces/${policy.metadata.namespace}`,
    signal: AbortSignal.timeout(15_000),
  });
  if (namespace.statusCode === 404) {
    // The dry run needs the namespace; karmada:apply creates it later.
    return;
  }
  try {
    await new ServerSideApplier(karmada).apply(policy, { dryRun: true });
  } catch (error) {
    throw new InputError(
      `Karmada ${karmada.name} rejects the policy: ${(error as Error).message}`,
    );
  }
}

/** Weights as a map; a list pairs with the regions (or clusters) in order. */
function weightsByTarget(
  weights: Record<string, number> | number[] | undefined,
  targets: string[],
): Record<string, number> | undefined {
  if (!Array.isArray(weights)) return weights;
  if (weights.length !== targets.length) {
    throw new InputError(
      `weights: ${weights.length} weights for ${
        targets.length
      } targets (${targets.join(
        ', ',
      )}); give one per region or cluster, in the same order`,
    );
  }
  return Object.fromEntries(targets.map((t, i) => [t, weights[i]]));
}

function refuseDuplicates(field: string, values: string[] | undefined) {
  const seen = new Set<string>();
  for (const value of values ?? []) {
    if (seen.has(value)) {
      throw new InputError(`${field}: '${value}' is listed twice`);
    }
    seen.add(value);
  }
}
