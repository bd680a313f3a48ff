import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { KubernetesConnection } from '@multiregion/backstage-plugin-multicluster-node';
import { ChangeSet, failAfterRollback } from '../kube/ChangeSet';
import { ServerSideApplier } from '../kube/ServerSideApplier';
import { networkOf, readerObjects, remoteSecret } from '../mesh/meshObjects';
import { readerKubeconfig } from '../mesh/readerKubeconfig';
import { resolveMemberEndpoint } from '../members/resolveMemberEndpoint';
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
                cluster: z.string().describe('A mesh member'),
                credentialsRef: z
                  .string()
                  .optional()
                  .describe("Its credentials reference, '<provider>:<id>'"),
                kubeconfigSecret: z
                  .string()
                  .optional()
                  .describe('Or: a task secret holding its kubeconfig'),
              }),
            )
            .optional()
            .describe(
              "The members to link with; default: every other Cluster in Karmada, reached through the cluster provider its spec.provider names (credentialsRef '<provider>:<cluster>')",
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
      const dryRun = Boolean(ctx.isDryRun);
      requireDnsLabel('cluster', input.cluster);
      const network = input.network ?? networkOf(input.cluster);
      requireDnsLabel('network', network);

      // Resolve every cluster before writing anything.
      const members: MeshMember[] = [];
      const karmada = connectKarmada(env, input.karmada);
      try {
        if (dryRun && !input.credentialsRef && !input.kubeconfigSecret) {
          // A template's dry run creates no cluster: nothing to join yet.
          const peers =
            input.peers ?? (await karmadaPeers(karmada, input.cluster, env));
          ctx.logger.info(
            `[dry run] would link ${input.cluster} (${network}) with ${peers
              .map(p => p.cluster)
              .join(', ')}; the member does not exist yet`,
          );
          ctx.output(
            'peers',
            peers.map(p => p.cluster),
          );
          ctx.output('result', 'created');
          ctx.output('objects', []);
          return;
        }
        const joining = await resolveMemberEndpoint(
          input.cluster,
          input,
          env.providers,
          ctx.secrets,
        );
        members.push(meshMember(input.cluster, joining));
        for (const peer of input.peers ??
          (await karmadaPeers(karmada, input.cluster, env))) {
          requireDnsLabel('peers[].cluster', peer.cluster);
          if (peer.cluster === input.cluster) continue;
          const endpoint = await resolveMemberEndpoint(
            peer.cluster,
            peer,
            env.providers,
            ctx.secrets,
          ).catch(error => {
            throw new InputError(
              `peers: cannot reach ${peer.cluster}: ${
                (error as Error).message
              }`,
            );
          });
          members.push(meshMember(peer.cluster, endpoint));
        }
        if (members.length < 2) {
          throw new InputError(
            `peers: ${input.karmada} has no other member cluster to link ${input.cluster} with`,
          );
        }

        const changes = new ChangeSet(ctx.logger, dryRun);
        const [self, ...peers] = members;
        try {
          // Each side readable by the others' istiods.
          await applyAll(changes, self.applier, readerObjects(network));
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
          const selfKubeconfig = await kubeconfigOf(self);
          for (const peer of peers) {
            await changes.apply(
              peer.applier,
              remoteSecret(self.cluster, selfKubeconfig, dryRun),
            );
            await changes.apply(
              self.applier,
              remoteSecret(peer.cluster, await kubeconfigOf(peer), dryRun),
            );
          }
        } catch (error) {
          await failAfterRollback(changes, error);
        }
        ctx.logger.info(
          `${dryRun ? '[dry run] ' : ''}${
            input.cluster
          } (${network}) linked with ${peers.map(p => p.cluster).join(', ')}`,
        );
        ctx.output(
          'peers',
          peers.map(p => p.cluster),
        );
        ctx.output('result', changes.overall());
        ctx.output('objects', changes.records);
      } finally {
        await karmada.close();
        await Promise.all(members.map(m => m.connection.close()));
      }
    },
  });
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

/** The other Clusters of the Karmada instance, reached through their provider. */
async function karmadaPeers(
  karmada: KubernetesConnection,
  cluster: string,
  env: ActionEnvironment,
) {
  const list = await karmada.requestJson<{
    items: Array<{ metadata: { name: string }; spec?: { provider?: string } }>;
  }>({
    path: '/apis/cluster.karmada.io/v1alpha1/clusters',
    signal: AbortSignal.timeout(15_000),
  });
  return list.items
    .filter(c => c.metadata.name !== cluster)
    .map(c => {
      const provider = c.spec?.provider;
      if (!provider || !env.providers.some(p => p.name === provider)) {
        throw new InputError(
          `peers: Cluster ${
            c.metadata.name
          } names no configured cluster provider (spec.provider '${
            provider ?? ''
          }'); list the peers with their credentials`,
        );
      }
      return {
        cluster: c.metadata.name,
        credentialsRef: `${provider}:${c.metadata.name}`,
      };
    });
}
