import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { multiclusterMeshJoinPermission } from '@multiregion/backstage-plugin-multicluster-common';
import {
  KubernetesConnection,
  KubernetesEndpoint,
} from '@multiregion/backstage-plugin-multicluster-node';
import { readClusterId } from '../members/checkMemberAccess';
import { requireSameCluster } from '../members/verifyMemberIdentity';
import { clusterResource, describeOwned } from '../security/ownership';
import { ChangeSet, failAfterRollback } from '../kube/ChangeSet';
import { ServerSideApplier } from '../kube/ServerSideApplier';
import { networkOf, readerObjects, remoteSecret } from '../mesh/meshObjects';
import { readerKubeconfig } from '../mesh/readerKubeconfig';
import {
  resolveMemberEndpoint,
  resolveProviderRef,
} from '../members/resolveMemberEndpoint';
import {
  ActionEnvironment,
  connectKarmada,
  requireDnsLabel,
} from './ActionEnvironment';
import {
  credentialsRefInput,
  karmadaInstanceInput,
  kubeconfigSecretInput,
  objectsOutput,
} from './inputs';
import { examples } from './istioMeshJoin.examples';

interface MeshMember {
  cluster: string;
  connection: KubernetesConnection;
  applier: ServerSideApplier;
}

/**
 * `istio:mesh:join`: makes a member cluster part of the Istio multi-primary
 * mesh of the other members of a Karmada instance. In the new member and in
 * every peer: istio-system with the member's network and Istio's reader
 * service account; then remote secrets in both directions, so every istiod
 * discovers every other cluster.
 */
export function createIstioMeshJoinAction(env: ActionEnvironment) {
  return createTemplateAction({
    id: 'istio:mesh:join',
    description:
      'Joins a member cluster to the Istio multi-primary mesh of the other members of a Karmada instance (reader service accounts, remote secrets both ways, network label)',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        karmada: karmadaInstanceInput,
        cluster: z =>
          z
            .string()
            .describe(
              'The joining cluster: its Karmada Cluster name, also its Istio cluster ID',
            ),
        credentialsRef: credentialsRefInput,
        kubeconfigSecret: kubeconfigSecretInput,
        network: z =>
          z
            .string()
            .optional()
            .describe(
              'Istio network of the cluster; default network-<cluster>',
            ),
        peers: z =>
          z
            .array(
              z.object({
                cluster: z
                  .string()
                  .describe(
                    'A mesh member; without credentials, reached through the provider its Karmada Cluster names',
                  ),
                credentialsRef: z
                  .string()
                  .optional()
                  .describe(
                    'Its signed credentials reference, from multicluster:cluster:create',
                  ),
                kubeconfigSecret: z
                  .string()
                  .optional()
                  .describe('Or: a task secret holding its kubeconfig'),
              }),
            )
            .optional()
            .describe(
              'The members to link with; default: every other Cluster in Karmada, reached through the cluster provider its spec.provider names',
            ),
      },
      output: {
        peers: z =>
          z.array(z.string()).describe('The clusters it is now linked with'),
        result: z =>
          z
            .enum(['created', 'configured', 'unchanged'])
            .describe('Overall result over all objects written'),
        objects: objectsOutput,
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const { security } = env;
      const dryRun = Boolean(ctx.isDryRun);
      await security.audit.run(
        ctx,
        {
          actionId: 'istio:mesh:join',
          severityLevel: 'high',
          target: { karmada: input.karmada, cluster: input.cluster },
        },
        async initiator => {
          requireDnsLabel('cluster', input.cluster);
          const network = input.network ?? networkOf(input.cluster);
          requireDnsLabel('network', network);
          input.peers?.forEach((peer, i) =>
            requireDnsLabel(`peers[${i}].cluster`, peer.cluster),
          );

          const members: MeshMember[] = [];
          const karmada = connectKarmada(env, input.karmada);
          try {
            // Every cluster written to must be a registered Cluster the
            // initiator may join: the new member and each of its peers.
            const clusters = await listClusters(karmada);
            const self = clusters.find(c => c.metadata.name === input.cluster);
            // A template's dry run registers nothing, so the new member is
            // not there yet: check its peers, write nothing.
            const notYetRegistered =
              !self &&
              dryRun &&
              !input.credentialsRef &&
              !input.kubeconfigSecret;
            if (!self && !notYetRegistered) {
              throw new InputError(
                `cluster: '${input.cluster}' is not a Cluster of ${input.karmada}; register it first`,
              );
            }
            const peerClusters = input.peers
              ? input.peers
                  .filter(p => p.cluster !== input.cluster)
                  .map((peer, i) => {
                    const found = clusters.find(
                      c => c.metadata.name === peer.cluster,
                    );
                    if (!found) {
                      throw new InputError(
                        `peers[${i}].cluster: '${peer.cluster}' is not a Cluster of ${input.karmada}`,
                      );
                    }
                    return { peer, cluster: found };
                  })
              : clusters
                  .filter(c => c.metadata.name !== input.cluster)
                  .map(cluster => ({ peer: undefined, cluster }));
            if (!peerClusters.length) {
              throw new InputError(
                `peers: ${input.karmada} has no other member cluster to link ${input.cluster} with`,
              );
            }
            await security.guard.requireOnEach(
              initiator,
              multiclusterMeshJoinPermission,
              [
                ...(self ? [self] : []),
                ...peerClusters.map(p => p.cluster),
              ].map(c => {
                const resource = clusterResource(
                  input.karmada,
                  c.metadata.name,
                  c,
                );
                return {
                  resource,
                  target: describeOwned('cluster', resource),
                };
              }),
              security.clusterRules,
              { doing: 'join to the mesh' },
            );

            if (
              !self ||
              (dryRun && !input.credentialsRef && !input.kubeconfigSecret)
            ) {
              // A template's dry run creates no cluster: nothing to join yet.
              ctx.logger.info(
                `[dry run] would link ${
                  input.cluster
                } (${network}) with ${peerClusters
                  .map(p => p.cluster.metadata.name)
                  .join(', ')}; the member does not exist yet`,
              );
              ctx.output(
                'peers',
                peerClusters.map(p => p.cluster.metadata.name),
              );
              ctx.output('result', 'created');
              ctx.output('objects', []);
              return undefined;
            }

            // Resolve and verify every cluster before writing anything.
            members.push(
              await verifiedMember(
                self,
                await resolveMemberEndpoint(input.cluster, input, {
                  env,
                  initiator,
                  secrets: ctx.secrets,
                }),
                'credentialsRef',
              ),
            );
            for (const [i, { peer, cluster }] of peerClusters.entries()) {
              const name = cluster.metadata.name;
              const at = input.peers ? `peers[${i}].` : 'peers: ';
              const endpoint =
                peer && (peer.credentialsRef || peer.kubeconfigSecret)
                  ? await resolveMemberEndpoint(name, peer, {
                      env,
                      initiator,
                      secrets: ctx.secrets,
                      at: `peers[${i}].`,
                    })
                  : await resolveRecordedProvider(env, cluster);
              members.push(
                await verifiedMember(cluster, endpoint, `${at}credentialsRef`),
              );
            }

            const changes = new ChangeSet(ctx.logger, dryRun);
            const [joining, ...peers] = members;
            try {
              // Each side readable by the others' istiods.
              await applyAll(changes, joining.applier, readerObjects(network));
              for (const peer of peers) {
                await applyAll(
                  changes,
                  peer.applier,
                  readerObjects(networkOf(peer.cluster)).filter(
                    // A peer's network label is its own business.
                    o => o.kind !== 'Namespace',
                  ),
                );
              }
              // Remote secrets both ways between the new member and each peer.
              const kubeconfigOf = async (m: MeshMember) =>
                dryRun
                  ? ''
                  : readerKubeconfig(m.connection, m.cluster, m.connection.url);
              const selfKubeconfig = await kubeconfigOf(joining);
              for (const peer of peers) {
                await changes.apply(
                  peer.applier,
                  remoteSecret(joining.cluster, selfKubeconfig, dryRun),
                );
                await changes.apply(
                  joining.applier,
                  remoteSecret(peer.cluster, await kubeconfigOf(peer), dryRun),
                );
              }
            } catch (error) {
              await failAfterRollback(changes, error);
            }
            ctx.logger.info(
              `${dryRun ? '[dry run] ' : ''}${
                input.cluster
              } (${network}) linked with ${peers
                .map(p => p.cluster)
                .join(', ')}`,
            );
            ctx.output(
              'peers',
              peers.map(p => p.cluster),
            );
            ctx.output('result', changes.overall());
            ctx.output('objects', changes.records);
            return {
              peers: peers.map(p => p.cluster),
              objects: changes.records.map(
                r => `${r.target}: ${r.ref} ${r.result}`,
              ),
            };
          } finally {
            await karmada.close();
            await Promise.all(members.map(m => m.connection.close()));
          }
        },
      );
    },
  });
}

interface KarmadaCluster {
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: { provider?: string; id?: string; region?: string };
}

async function listClusters(
  karmada: KubernetesConnection,
): Promise<KarmadaCluster[]> {
  const list = await karmada.requestJson<{ items: KarmadaCluster[] }>({
    path: '/apis/cluster.karmada.io/v1alpha1/clusters',
    signal: AbortSignal.timeout(15_000),
  });
  return list.items;
}

/** A peer found in Karmada, reached through the provider its spec names. */
async function resolveRecordedProvider(
  env: ActionEnvironment,
  cluster: KarmadaCluster,
) {
  const name = cluster.metadata.name;
  const provider = env.providers.find(p => p.name === cluster.spec?.provider);
  if (!provider) {
    throw new InputError(
      `peers: Cluster ${name} names no configured cluster provider (spec.provider '${
        cluster.spec?.provider ?? ''
      }'); list the peers with their credentials`,
    );
  }
  return resolveProviderRef(
    env,
    name,
    provider.credentialsRefFor(name),
    'peers',
  );
}

/**
 * Connects to a member and checks it is the Karmada Cluster it stands for:
 * reader tokens and remote secrets go to verified clusters only.
 */
async function verifiedMember(
  cluster: KarmadaCluster,
  endpoint: KubernetesEndpoint,
  field: string,
): Promise<MeshMember> {
  const member = meshMember(cluster.metadata.name, endpoint);
  try {
    requireSameCluster(
      field,
      cluster.metadata.name,
      cluster.spec?.id,
      await readClusterId(member.connection),
    );
  } catch (error) {
    await member.connection.close();
    throw error;
  }
  return member;
}

function meshMember(
  cluster: string,
  endpoint: ConstructorParameters<typeof KubernetesConnection>[0],
): MeshMember {
  const connection = new KubernetesConnection(endpoint);
  return { cluster, connection, applier: new ServerSideApplier(connection) };
}

async function applyAll(
  changes: ChangeSet,
  applier: ServerSideApplier,
  objects: ReturnType<typeof readerObjects>,
) {
  for (const object of objects) {
    await changes.apply(applier, object);
  }
}
