import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { KubernetesConnection } from '@multiregion/backstage-plugin-multicluster-node';
import { ChangeSet, failAfterRollback } from '../kube/ChangeSet';
import {
  checkMemberAccess,
  RequiredAccess,
} from '../members/checkMemberAccess';
import { resolveMemberEndpoint } from '../members/resolveMemberEndpoint';
import { getCluster, waitForClusterReady } from '../registration/clusterReady';
import { registerPush } from '../registration/registerPush';
import {
  labelPullCluster,
  registerPull,
  PULL_MEMBER_ACCESS,
} from '../registration/registerPull';
import {
  ActionEnvironment,
  connectKarmada,
  requireDnsLabel,
  requireRegion,
} from './ActionEnvironment';
import {
  karmadaInstanceInput,
  credentialsRefInput,
  kubeconfigSecretInput,
  objectsOutput,
} from './inputs';
import { examples } from './karmadaClusterRegister.examples';

const DEFAULT_TIMEOUT_SECONDS = 120;

/** What Push registration creates in the member, checked before it starts. */
const PUSH_MEMBER_ACCESS: RequiredAccess[] = [
  { verb: 'create', group: '', resource: 'namespaces' },
  { verb: 'create', group: '', resource: 'serviceaccounts' },
  { verb: 'create', group: '', resource: 'secrets' },
  {
    verb: 'create',
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterroles',
  },
  {
    verb: 'create',
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterrolebindings',
  },
  // Granting `*` on `*` through a ClusterRole needs holding it (RBAC escalation check).
  { verb: '*', group: '*', resource: '*' },
];

/**
 * `karmada:cluster:register`: registers a member cluster in a Karmada
 * instance in Push mode (as `karmadactl join`) or Pull mode (bootstrap token,
 * agent certificate and agent manifests, as `karmadactl register`).
 */
export function createKarmadaClusterRegisterAction(env: ActionEnvironment) {
  return createTemplateAction({
    id: 'karmada:cluster:register',
    description:
      'Registers a member cluster with Karmada (Push or Pull), sets region, zones, provider and labels, and waits until it is Ready',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        karmada: karmadaInstanceInput,
        cluster: z =>
          z
            .string()
            .describe(
              'Name of the Cluster in Karmada (DNS-1123 label, at most 48 characters)',
            ),
        credentialsRef: credentialsRefInput,
        kubeconfigSecret: kubeconfigSecretInput,
        apiEndpoint: z =>
          z
            .string()
            .url()
            .optional()
            .describe(
              'Member API server URL as Karmada reaches it; defaults to the one in the credentials',
            ),
        mode: z =>
          z
            .enum(['Push', 'Pull'])
            .optional()
            .describe(
              'Push: Karmada reaches the member. Pull: an agent in the member reaches Karmada',
            ),
        region: z =>
          z.string().describe('Region id, one of multicluster.regions'),
        zones: z =>
          z
            .array(z.string())
            .optional()
            .describe('Availability zones of the cluster'),
        provider: z =>
          z
            .string()
            .optional()
            .describe('Provider recorded on the Cluster, e.g. testbed or aws'),
        labels: z =>
          z
            .record(z.string())
            .optional()
            .describe('Extra labels for the Cluster object'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .positive()
            .max(3600)
            .optional()
            .describe(
              `How long to wait for Ready=True (default ${DEFAULT_TIMEOUT_SECONDS})`,
            ),
        pull: z =>
          z
            .object({
              agentImage: z
                .string()
                .optional()
                .describe(
                  'karmada-agent image (default docker.io/karmada/karmada-agent:v1.18.2)',
                ),
              karmadaApiEndpoint: z
                .string()
                .url()
                .optional()
                .describe(
                  'Karmada API server URL as the agent reaches it; defaults to the configured one',
                ),
              tokenTtlSeconds: z
                .number()
                .int()
                .positive()
                .optional()
                .describe('Lifetime of the bootstrap token'),
            })
            .optional()
            .describe('Pull mode settings'),
      },
      output: {
        cluster: z => z.string().describe('The Cluster name in Karmada'),
        syncMode: z => z.enum(['Push', 'Pull']).describe('The sync mode'),
        result: z =>
          z
            .enum(['created', 'configured', 'unchanged'])
            .describe(
              'unchanged when a registration with the same inputs existed',
            ),
        ready: z =>
          z
            .object({
              status: z.string(),
              reason: z.string().optional(),
              message: z.string().optional(),
            })
            .describe("The Cluster's Ready condition"),
        objects: objectsOutput,
      },
    },
    async handler(ctx) {
      // The scaffolder validates inputs against the JSON schema but does not
      // fill in defaults, so they are applied here.
      const input = {
        ...ctx.input,
        mode: ctx.input.mode ?? 'Push',
        zones: ctx.input.zones ?? [],
        labels: ctx.input.labels ?? {},
        timeoutSeconds: ctx.input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
        pull: {
          ...ctx.input.pull,
          tokenTtlSeconds: ctx.input.pull?.tokenTtlSeconds ?? 3600,
        },
      };
      requireDnsLabel('cluster', input.cluster);
      if (input.cluster.length > 48) {
        throw new InputError(
          `cluster: '${input.cluster}' is longer than 48 characters (Karmada's limit)`,
        );
      }
      requireRegion(env, input.region);
      input.zones.forEach((zone, i) => requireDnsLabel(`zones[${i}]`, zone));
      const karmada = connectKarmada(env, input.karmada);
      let member: KubernetesConnection | undefined;
      try {
        if (ctx.isDryRun && !input.credentialsRef && !input.kubeconfigSecret) {
          // A template's dry run creates no cluster, so an earlier
          // multicluster:cluster:create step hands over no credentials:
          // check the Karmada side only.
          await refuseConflictingCluster(
            karmada,
            input.cluster,
            input.mode,
            input.apiEndpoint,
          );
          ctx.logger.info(
            `[dry run] would register ${input.cluster} in ${input.karmada} (${input.mode}); the member does not exist yet, so its access was not checked`,
          );
          ctx.output('cluster', input.cluster);
          ctx.output('syncMode', input.mode);
          ctx.output('result', 'created');
          ctx.output('ready', {
            status: 'Unknown',
            reason: 'DryRun',
            message: 'dry run: nothing was registered',
          });
          ctx.output('objects', []);
          return;
        }
        const endpoint = await resolveMemberEndpoint(
          input.cluster,
          input,
          env.providers,
          ctx.secrets,
        );
        member = new KubernetesConnection(endpoint);
        const credentialField = input.credentialsRef
          ? 'credentialsRef'
          : 'kubeconfigSecret';
        const { clusterId } = await checkMemberAccess(
          member,
          credentialField,
          input.mode === 'Push' ? PUSH_MEMBER_ACCESS : PULL_MEMBER_ACCESS,
        );
        const apiEndpoint = input.apiEndpoint ?? endpoint.url;
        await refuseConflictingCluster(
          karmada,
          input.cluster,
          input.mode,
          apiEndpoint,
        );

        const changes = new ChangeSet(ctx.logger, Boolean(ctx.isDryRun));
        const request = {
          cluster: input.cluster,
          karmada,
          member,
          apiEndpoint,
          clusterId,
          region: input.region,
          zones: input.zones,
          provider: input.provider,
          labels: input.labels,
          changes,
          logger: ctx.logger,
          dryRun: Boolean(ctx.isDryRun),
        };
        let ready = {
          status: 'Unknown',
          reason: 'DryRun',
          message: 'dry run: nothing was registered',
        } as {
          status: string;
          reason?: string;
          message?: string;
        };
        try {
          if (input.mode === 'Push') {
            await registerPush(request);
          } else {
            await registerPull(request, {
              ...input.pull,
              karmadaApiEndpoint: input.pull.karmadaApiEndpoint ?? karmada.url,
              karmadaCaData: env.instances.find(i => i.name === input.karmada)
                ?.caData,
            });
          }
          if (!ctx.isDryRun) {
            ready = await ctx.checkpoint({
              key: `karmada-cluster-ready-${input.karmada}-${input.cluster}`,
              fn: async () => {
                const condition = await waitForClusterReady(
                  karmada,
                  input.cluster,
                  input.timeoutSeconds * 1000,
                  ctx.signal,
                );
                return { ...condition };
              },
            });
            if (input.mode === 'Pull') await labelPullCluster(request);
          }
        } catch (error) {
          await failAfterRollback(changes, error);
        }
        ctx.logger.info(
          `Cluster ${input.cluster} is registered in ${input.karmada} (${input.mode}): Ready=${ready.status}`,
        );
        ctx.output('cluster', input.cluster);
        ctx.output('syncMode', input.mode);
        ctx.output('result', registrationResult(changes, input.cluster));
        ctx.output('ready', ready);
        ctx.output('objects', changes.records);
      } finally {
        await karmada.close();
        await member?.close();
      }
    },
  });
}

/**
 * Refuses to take over a Cluster registered differently (another endpoint
 * or sync mode): re-registering must be an explicit unregister first.
 */
async function refuseConflictingCluster(
  karmada: KubernetesConnection,
  cluster: string,
  mode: 'Push' | 'Pull',
  apiEndpoint?: string,
) {
  const existing = await getCluster(karmada, cluster);
  if (!existing) return;
  const spec = existing.spec as { syncMode?: string; apiEndpoint?: string };
  if (spec.syncMode !== mode) {
    throw new InputError(
      `cluster: '${cluster}' is already registered in ${karmada.name} in ${spec.syncMode} mode; unregister it first`,
    );
  }
  if (mode === 'Push' && apiEndpoint && spec.apiEndpoint !== apiEndpoint) {
    throw new InputError(
      `cluster: '${cluster}' is already registered in ${karmada.name} with endpoint ${spec.apiEndpoint}; unregister it first`,
    );
  }
}

/** `created` when this run created the Cluster, else the overall result. */
function registrationResult(changes: ChangeSet, cluster: string) {
  // In Pull mode the agent creates the Cluster; its Deployment stands for it.
  const created = changes.records.some(
    r =>
      r.result === 'created' &&
      (r.ref.startsWith(`Cluster ${cluster} `) ||
        r.ref.startsWith('Deployment karmada-system/karmada-agent ')),
  );
  return created ? 'created' : changes.overall();
}
