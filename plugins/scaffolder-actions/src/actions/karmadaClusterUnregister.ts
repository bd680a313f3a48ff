import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { KubernetesConnection } from '@multiregion/backstage-plugin-multicluster-node';
import { describeObject, KubernetesObject } from '../kube/objects';
import { ServerSideApplier } from '../kube/ServerSideApplier';
import { multiclusterClusterUnregisterPermission } from '@multiregion/backstage-plugin-multicluster-common';
import { readClusterId } from '../members/checkMemberAccess';
import {
  resolveMemberEndpoint,
  resolveProviderRef,
} from '../members/resolveMemberEndpoint';
import { requireSameCluster } from '../members/verifyMemberIdentity';
import { Initiator } from '../security/ActionGuard';
import { clusterResource, describeOwned } from '../security/ownership';
import {
  clusterPath,
  getCluster,
  waitForGone,
} from '../registration/clusterReady';
import { executionNamespace } from '../registration/names';
import {
  karmadaRegistrationRefs,
  memberRegistrationRefs,
} from '../registration/registrationObjects';
import { deleteBootstrapArtifacts } from '../registration/bootstrapToken';
import {
  ActionEnvironment,
  connectKarmada,
  requireDnsLabel,
} from './ActionEnvironment';
import {
  karmadaInstanceInput,
  credentialsRefInput,
  kubeconfigSecretInput,
} from './inputs';
import { examples } from './karmadaClusterUnregister.examples';

const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * `karmada:cluster:unregister`: the reverse of `karmada:cluster:register`.
 * Deletes the `Cluster`, waits for Karmada to clean `karmada-es-<cluster>`,
 * then removes the credentials and agent objects on both sides.
 */
export function createKarmadaClusterUnregisterAction(env: ActionEnvironment) {
  return createTemplateAction({
    id: 'karmada:cluster:unregister',
    description:
      'Unregisters a member cluster from Karmada and removes the registration objects on both sides',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        karmada: karmadaInstanceInput,
        cluster: z => z.string().describe('Name of the Cluster in Karmada'),
        credentialsRef: credentialsRefInput,
        kubeconfigSecret: kubeconfigSecretInput,
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .positive()
            .max(3600)
            .optional()
            .describe(
              `How long to wait for Karmada's cleanup (default ${DEFAULT_TIMEOUT_SECONDS})`,
            ),
      },
      output: {
        result: z =>
          z
            .enum(['removed', 'unchanged'])
            .describe('unchanged when the cluster was not registered'),
        removed: z => z.array(z.string()).describe('Objects deleted, per side'),
        remaining: z =>
          z
            .array(z.string())
            .describe(
              'Objects that could not be removed (e.g. member unreachable or not verified)',
            ),
      },
    },
    async handler(ctx) {
      const input = {
        ...ctx.input,
        timeoutSeconds: ctx.input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      };
      const { security } = env;
      await security.audit.run(
        ctx,
        {
          actionId: 'karmada:cluster:unregister',
          severityLevel: 'high',
          target: { karmada: input.karmada, cluster: input.cluster },
        },
        async initiator => {
          requireDnsLabel('cluster', input.cluster);
          const karmada = connectKarmada(env, input.karmada);
          let member: KubernetesConnection | undefined;
          try {
            const existing = await getCluster(karmada, input.cluster);
            const resource = clusterResource(
              input.karmada,
              input.cluster,
              existing,
            );
            await security.guard.requireOnEach(
              initiator,
              multiclusterClusterUnregisterPermission,
              [{ resource, target: describeOwned('cluster', resource) }],
              security.clusterRules,
              { doing: 'unregister' },
            );
            if (!existing) {
              ctx.logger.info(
                `Cluster ${input.cluster} is not registered in ${input.karmada}: nothing to do`,
              );
              ctx.output('result', 'unchanged');
              ctx.output('removed', []);
              ctx.output('remaining', []);
              return { result: 'unchanged' };
            }
            const memberRemaining: string[] = [];
            member = await connectMember(
              env,
              initiator,
              input,
              existing,
              ctx.secrets,
            ).catch(error => {
              // Without a verified member only Karmada's side is cleaned.
              memberRemaining.push((error as Error).message);
              return undefined;
            });
            const mode = String(existing.spec?.syncMode ?? 'Push');
            const dryRun = Boolean(ctx.isDryRun);
            const removed: string[] = [];
            const remaining: string[] = [];
            const k = new ServerSideApplier(karmada);

            const remove = async (
              applier: ServerSideApplier,
              object: KubernetesObject,
            ) => {
              const ref = `${applier.connection.name}: ${describeObject(
                object,
              )}`;
              try {
                if (await applier.delete(object, { dryRun })) {
                  if (object.kind === 'Namespace' && !dryRun) {
                    // Report a namespace removed once its content is gone too.
                    await waitForGone(
                      applier.connection,
                      `/api/v1/namespaces/${object.metadata.name}`,
                      `Namespace ${object.metadata.name}`,
                      input.timeoutSeconds * 1000,
                    );
                  }
                  removed.push(ref);
                  ctx.logger.info(
                    `${dryRun ? '[dry run] ' : ''}deleted ${ref}`,
                  );
                }
              } catch (error) {
                remaining.push(`${ref} (${(error as Error).message})`);
              }
            };

            if (mode === 'Pull' && !dryRun) {
              // The agent removes Work finalizers only while its RBAC in the
              // execution namespace exists: drain Works before the namespace
              // goes (as karmadactl unregister does).
              await deleteWorks(
                karmada,
                input.cluster,
                input.timeoutSeconds * 1000,
              );
            }
            await remove(k, {
              apiVersion: 'cluster.karmada.io/v1alpha1',
              kind: 'Cluster',
              metadata: { name: input.cluster },
            });
            if (!dryRun) {
              await ctx.checkpoint({
                key: `karmada-cluster-gone-${input.karmada}-${input.cluster}`,
                fn: async () => {
                  const timeoutMs = input.timeoutSeconds * 1000;
                  await waitForGone(
                    karmada,
                    clusterPath(input.cluster),
                    `Cluster ${input.cluster}`,
                    timeoutMs,
                  );
                  await waitForGone(
                    karmada,
                    `/api/v1/namespaces/${executionNamespace(input.cluster)}`,
                    `Namespace ${executionNamespace(input.cluster)}`,
                    timeoutMs,
                  );
                },
              });
            }
            for (const object of karmadaRegistrationRefs(input.cluster, mode)) {
              await remove(k, object);
            }
            if (mode === 'Pull' && !dryRun) {
              removed.push(
                ...(await deleteBootstrapArtifacts(karmada, input.cluster)),
              );
            }
            if (member) {
              const m = new ServerSideApplier(member);
              for (const object of memberRegistrationRefs(
                input.cluster,
                mode,
              )) {
                await remove(m, object);
              }
            } else {
              const why = memberRemaining[0] ?? 'no member credentials';
              remaining.push(
                ...memberRegistrationRefs(input.cluster, mode).map(
                  o => `${input.cluster}: ${describeObject(o)} (${why})`,
                ),
              );
            }
            ctx.output('result', 'removed');
            ctx.output('removed', removed);
            ctx.output('remaining', remaining);
            if (remaining.length) {
              ctx.logger.warn(`left behind: ${remaining.join('; ')}`);
            }
            return { result: 'removed', removed, remaining };
          } finally {
            await karmada.close();
            await member?.close();
          }
        },
      );
    },
  });
}

/**
 * The member to clean: from the given credentials, else through the
 * provider Karmada records for it; either way it must be the Cluster
 * (kube-system UID = spec.id), or nothing is deleted there.
 */
async function connectMember(
  env: ActionEnvironment,
  initiator: Initiator,
  input: {
    cluster: string;
    credentialsRef?: string;
    kubeconfigSecret?: string;
  },
  existing: { spec?: Record<string, unknown> },
  secrets: Record<string, string> | undefined,
): Promise<KubernetesConnection | undefined> {
  let endpoint;
  if (input.credentialsRef || input.kubeconfigSecret) {
    endpoint = await resolveMemberEndpoint(input.cluster, input, {
      env,
      initiator,
      secrets,
    });
  } else {
    const providerName = existing.spec?.provider;
    const provider = env.providers.find(p => p.name === providerName);
    if (!provider) return undefined;
    endpoint = await resolveProviderRef(
      env,
      input.cluster,
      provider.credentialsRefFor(input.cluster),
      'credentialsRef',
    );
  }
  const member = new KubernetesConnection(endpoint);
  try {
    requireSameCluster(
      'credentialsRef',
      input.cluster,
      existing.spec?.id,
      await readClusterId(member),
    );
    return member;
  } catch (error) {
    await member.close();
    throw error;
  }
}

async function deleteWorks(
  karmada: KubernetesConnection,
  cluster: string,
  timeoutMs: number,
) {
  const namespace = executionNamespace(cluster);
  const path = `/apis/work.karmada.io/v1alpha1/namespaces/${namespace}/works`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await karmada.requestJson<{ items: KubernetesObject[] }>({
      path,
      signal: AbortSignal.timeout(15_000),
    });
    if (!list.items.length) return;
    // Controllers keep writing Works for this cluster until the Cluster is
    // gone (new namespaces, new bindings): delete again whatever appeared.
    const live = list.items.filter(w => !w.metadata.deletionTimestamp);
    for (const work of live) {
      await karmada.request({
        method: 'DELETE',
        path: `${path}/${work.metadata.name}`,
        signal: AbortSignal.timeout(15_000),
      });
    }
    if (Date.now() > deadline) {
      const names = list.items.map(
        w =>
          `${w.metadata.name}${
            w.metadata.deletionTimestamp
              ? ` (deleting, finalizers: ${(
                  (w.metadata.finalizers as string[] | undefined) ?? []
                ).join(', ')})`
              : ''
          }`,
      );
      throw new Error(
        `${
          list.items.length
        } Works in ${namespace} were not cleaned up within ${
          timeoutMs / 1000
        } s (is the karmada-agent of ${cluster} running?): ${names.join('; ')}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1_000));
  }
}
