import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { multiclusterClusterRegisterPermission } from '@multiregion/backstage-plugin-multicluster-common';
import {
  KarmadaInstanceConfig,
  KubernetesConnection,
} from '@multiregion/backstage-plugin-multicluster-node';
import { MAX_BOOTSTRAP_TOKEN_TTL_SECONDS } from '../config/readRegistrationOptions';
import { requireSameCluster } from '../members/verifyMemberIdentity';
import {
  normalizeOwner,
  ownerOf,
  requireOwnOwner,
} from '../security/ownership';
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
  karmadaInstance,
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
              'Member API server URL as Karmada reaches it (https); defaults to the one in the credentials. Another URL must match multicluster.registration.allowedApiEndpoints',
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
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              'Who owns the Cluster: you or one of your groups (default: you); recorded as multicluster.io/owner',
            ),
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
                  "Karmada API server URL as the agent reaches it: the instance's url or agentApiEndpoint (the default)",
                ),
              tokenTtlSeconds: z
                .number()
                .int()
                .positive()
                .max(MAX_BOOTSTRAP_TOKEN_TTL_SECONDS)
                .optional()
                .describe(
                  'Lifetime of the bootstrap token, at most 3600 (default multicluster.registration.bootstrapTokenTtlSeconds, 600); it is deleted once the agent has its certificate',
                ),
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
          tokenTtlSeconds:
            ctx.input.pull?.tokenTtlSeconds ??
            env.security.bootstrapTokenTtlSeconds,
        },
      };
      const { security } = env;
      await security.audit.run(
        ctx,
        {
          actionId: 'karmada:cluster:register',
          severityLevel: 'high',
          target: {
            karmada: input.karmada,
            cluster: input.cluster,
            mode: input.mode,
          },
        },
        async initiator => {
          await security.guard.require(
            initiator,
            multiclusterClusterRegisterPermission,
            { doing: 'register clusters with Karmada' },
          );
          requireDnsLabel('cluster', input.cluster);
          if (input.cluster.length > 48) {
            throw new InputError(
              `cluster: '${input.cluster}' is longer than 48 characters (Karmada's limit)`,
            );
          }
          requireRegion(env, input.region);
          input.zones.forEach((zone, i) =>
            requireDnsLabel(`zones[${i}]`, zone),
          );
          const ttl = input.pull.tokenTtlSeconds;
          if (!(ttl > 0 && ttl <= MAX_BOOTSTRAP_TOKEN_TTL_SECONDS)) {
            throw new InputError(
              `pull.tokenTtlSeconds: ${ttl} is not between 1 and ${MAX_BOOTSTRAP_TOKEN_TTL_SECONDS} (a bootstrap token only has to last until the agent has its certificate)`,
            );
          }
          const ownership = await security.guard.ownershipRefs(initiator);
          const owner = normalizeOwner('owner', input.owner ?? initiator.ref);
          requireOwnOwner('owner', owner, ownership);
          const instance = karmadaInstance(env, input.karmada);
          const karmadaApiEndpoint =
            input.mode === 'Pull'
              ? requireAgentEndpoint(instance, input.pull.karmadaApiEndpoint)
              : undefined;
          if (input.apiEndpoint) {
            // Checked before anything else is touched; checked again
            // against the verified credentials below.
            await security.endpoints.requireSafeEndpoint(
              'apiEndpoint',
              input.apiEndpoint,
            );
          }
          const karmada = connectKarmada(env, input.karmada);
          let member: KubernetesConnection | undefined;
          try {
            const existing = await getCluster(karmada, input.cluster);
            if (existing) {
              requireOwnedCluster(input.cluster, existing, ownership);
            }
            if (
              ctx.isDryRun &&
              !input.credentialsRef &&
              !input.kubeconfigSecret
            ) {
              // A template's dry run creates no cluster, so an earlier
              // multicluster:cluster:create step hands over no credentials:
              // check the Karmada side only.
              refuseConflictingCluster(
                karmada.name,
                input.cluster,
                existing,
                input.mode,
                input.apiEndpoint,
              );
              ctx.logger.info(
                `[dry run] would register ${input.cluster} in ${input.karmada} (${input.mode}) for ${owner}; the member does not exist yet, so its access was not checked`,
              );
              ctx.output('cluster', input.cluster);
              ctx.output('syncMode', input.mode);
              ctx.output('result', existing ? 'unchanged' : 'created');
              ctx.output('ready', {
                status: 'Unknown',
                reason: 'DryRun',
                message: 'dry run: nothing was registered',
              });
              ctx.output('objects', []);
              return undefined;
            }
            const endpoint = await resolveMemberEndpoint(input.cluster, input, {
              env,
              initiator,
              secrets: ctx.secrets,
            });
            member = new KubernetesConnection(endpoint);
            const credentialField = input.credentialsRef
              ? 'credentialsRef'
              : 'kubeconfigSecret';
            const { clusterId } = await checkMemberAccess(
              member,
              credentialField,
              input.mode === 'Push' ? PUSH_MEMBER_ACCESS : PULL_MEMBER_ACCESS,
            );
            // Karmada sends the member's token to apiEndpoint: the URL the
            // credentials were verified on, or one config allows.
            const apiEndpoint =
              await security.endpoints.requireCredentialEndpoint(
                'apiEndpoint',
                input.apiEndpoint ?? endpoint.url,
                endpoint.url,
              );
            refuseConflictingCluster(
              karmada.name,
              input.cluster,
              existing,
              input.mode,
              apiEndpoint,
            );
            if (existing) {
              // Same name, same owner: it must also be the same cluster.
              requireSameCluster(
                'cluster',
                input.cluster,
                (existing.spec as { id?: unknown } | undefined)?.id,
                clusterId,
              );
            }

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
              owner,
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
                  karmadaApiEndpoint: karmadaApiEndpoint!,
                  karmadaCaData: instance.caData,
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
                if (input.mode === 'Pull') {
                  // The agent wrote the Cluster: it must carry this member's
                  // identity before it gets labels and an owner.
                  const registered = await getCluster(karmada, input.cluster);
                  requireSameCluster(
                    'cluster',
                    input.cluster,
                    (registered?.spec as { id?: unknown } | undefined)?.id,
                    clusterId,
                  );
                  await labelPullCluster(request);
                }
              }
            } catch (error) {
              await failAfterRollback(changes, error);
            }
            ctx.logger.info(
              `Cluster ${input.cluster} is registered in ${input.karmada} (${input.mode}) for ${owner}: Ready=${ready.status}`,
            );
            const result = registrationResult(changes, input.cluster);
            ctx.output('cluster', input.cluster);
            ctx.output('syncMode', input.mode);
            ctx.output('result', result);
            ctx.output('ready', ready);
            ctx.output('objects', changes.records);
            return {
              result,
              owner,
              apiEndpoint,
              objects: changes.records.map(
                r => `${r.target}: ${r.ref} ${r.result}`,
              ),
            };
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
 * The agent's certificate goes to Karmada as configured only: a template
 * naming another endpoint would hand it, and the bootstrap token, elsewhere.
 */
function requireAgentEndpoint(
  instance: KarmadaInstanceConfig,
  requested: string | undefined,
): string {
  const allowed = [instance.agentApiEndpoint ?? instance.url, instance.url];
  const wanted = (requested ?? allowed[0]).replace(/\/+$/, '');
  if (!allowed.includes(wanted)) {
    throw new InputError(
      `pull.karmadaApiEndpoint: '${wanted}' is not Karmada ${
        instance.name
      } as configured (${[...new Set(allowed)].join(
        ' or ',
      )}; see multicluster.karmada[].agentApiEndpoint)`,
    );
  }
  return wanted;
}

/** Re-registering is for the owners of the existing Cluster only. */
function requireOwnedCluster(
  cluster: string,
  existing: { metadata?: { annotations?: Record<string, string> } },
  ownership: string[],
) {
  const recorded = ownerOf(existing);
  if (!recorded) {
    throw new InputError(
      `cluster: '${cluster}' is already registered and records no owner (registered outside Backstage); unregister it first or choose another name`,
    );
  }
  const mine = ownership.map(r => r.toLocaleLowerCase('en-US'));
  if (!mine.includes(recorded.toLocaleLowerCase('en-US'))) {
    throw new InputError(
      `cluster: '${cluster}' is already registered and belongs to ${recorded}; choose another name`,
    );
  }
}

/**
 * Refuses to take over a Cluster registered differently (another endpoint
 * or sync mode): re-registering must be an explicit unregister first.
 */
function refuseConflictingCluster(
  karmada: string,
  cluster: string,
  existing: { spec?: Record<string, unknown> } | undefined,
  mode: 'Push' | 'Pull',
  apiEndpoint?: string,
) {
  if (!existing) return;
  const spec = existing.spec as { syncMode?: string; apiEndpoint?: string };
  if (spec.syncMode !== mode) {
    throw new InputError(
      `cluster: '${cluster}' is already registered in ${karmada} in ${spec.syncMode} mode; unregister it first`,
    );
  }
  if (mode === 'Push' && apiEndpoint && spec.apiEndpoint !== apiEndpoint) {
    throw new InputError(
      `cluster: '${cluster}' is already registered in ${karmada} with endpoint ${spec.apiEndpoint}; unregister it first`,
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
