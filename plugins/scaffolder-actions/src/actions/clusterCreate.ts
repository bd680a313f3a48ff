import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { multiclusterClusterCreatePermission } from '@multiregion/backstage-plugin-multicluster-common';
import {
  ClusterCreateRequest,
  ClusterProvider,
} from '../providers/ClusterProvider';
import { normalizeOwner, requireOwnOwner } from '../security/ownership';
import {
  ActionEnvironment,
  requireDnsLabel,
  requireRegion,
} from './ActionEnvironment';
import { examples } from './clusterCreate.examples';

const DEFAULT_TIMEOUT_SECONDS = 600;

/**
 * `multicluster:cluster:create`: creates a regional cluster through a
 * configured provider and outputs a reference to its credentials, which
 * `karmada:cluster:register` accepts. A failed create is rolled back.
 */
export function createClusterCreateAction(env: ActionEnvironment) {
  return createTemplateAction({
    id: 'multicluster:cluster:create',
    description:
      'Creates a regional Kubernetes cluster with a configured provider (testbed, clusterapi, terraform) and outputs its endpoint and a credentials reference',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        provider: z =>
          z
            .string()
            .describe(
              'Provider name, as in multicluster.clusterProviders[].name',
            ),
        name: z =>
          z
            .string()
            .describe('Cluster name (DNS-1123 label, at most 48 characters)'),
        region: z =>
          z.string().describe('Region id, one of multicluster.regions'),
        zones: z =>
          z
            .array(z.string())
            .min(1)
            .describe('Availability zones for the nodes, e.g. [eu-1a, eu-1b]'),
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              'Who the cluster is for: you or one of your groups, e.g. group:default/platform-team (default: you); recorded by the provider',
            ),
        parameters: z =>
          z
            .record(z.string())
            .optional()
            .describe('Provider-specific template values, e.g. a machine type'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .positive()
            .max(7200)
            .optional()
            .describe(
              `How long creation may take (default ${DEFAULT_TIMEOUT_SECONDS})`,
            ),
      },
      output: {
        name: z => z.string().describe('The cluster name'),
        provider: z => z.string().describe('The provider that made it'),
        region: z => z.string().describe('Its region'),
        zones: z => z.array(z.string()).describe('Its zones'),
        apiEndpoint: z => z.string().describe('The member API server URL'),
        credentialsRef: z =>
          z
            .string()
            .describe(
              'Signed reference to its admin credentials, valid for the task initiator only, for karmada:cluster:register and istio:mesh:join (empty in a dry run)',
            ),
        result: z =>
          z
            .enum(['created', 'unchanged'])
            .describe('unchanged when it already existed'),
        details: z =>
          z.record(z.string()).describe('Non-secret provider details'),
      },
    },
    async handler(ctx) {
      const input = {
        ...ctx.input,
        parameters: ctx.input.parameters ?? {},
        timeoutSeconds: ctx.input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      };
      const { security } = env;
      await security.audit.run(
        ctx,
        {
          actionId: 'multicluster:cluster:create',
          severityLevel: 'high',
          target: {
            provider: input.provider,
            cluster: input.name,
            region: input.region,
          },
        },
        async initiator => {
          await security.guard.require(
            initiator,
            multiclusterClusterCreatePermission,
            { doing: 'create regional clusters' },
          );
          const provider = env.providers.find(p => p.name === input.provider);
          if (!provider) {
            throw new InputError(
              `provider: unknown cluster provider '${input.provider}' (known: ${
                env.providers.map(p => p.name).join(', ') ||
                'none configured in multicluster.clusterProviders'
              })`,
            );
          }
          requireDnsLabel('name', input.name);
          if (input.name.length > 48) {
            throw new InputError(
              `name: '${input.name}' is longer than 48 characters (Karmada's limit)`,
            );
          }
          requireRegion(env, input.region);
          input.zones.forEach((zone, i) =>
            requireDnsLabel(`zones[${i}]`, zone),
          );
          const ownership = await security.guard.ownershipRefs(initiator);
          const owner = normalizeOwner('owner', input.owner ?? initiator.ref);
          requireOwnOwner('owner', owner, ownership);

          // A name that exists is only ever the same request again by its
          // owners: nobody re-applies to a cluster someone else made.
          const existed = await provider.exists(input.name);
          if (existed) {
            await requireOwnedCluster(provider, input.name, ownership);
          }
          const request: ClusterCreateRequest = {
            name: input.name,
            region: input.region,
            zones: input.zones,
            parameters: input.parameters,
            owner,
            timeoutMs: input.timeoutSeconds * 1000,
            logger: ctx.logger,
            signal: ctx.signal,
          };
          await provider.validate(request);
          if (ctx.isDryRun) {
            ctx.logger.info(
              `[dry run] ${provider.type} provider '${provider.name}' would ${
                existed ? 'check' : 'create'
              } cluster ${input.name} in ${input.region} for ${owner}`,
            );
            ctx.output('name', input.name);
            ctx.output('provider', provider.name);
            ctx.output('region', input.region);
            ctx.output('zones', input.zones);
            ctx.output('apiEndpoint', '');
            ctx.output('credentialsRef', '');
            ctx.output('result', existed ? 'unchanged' : 'created');
            ctx.output('details', {});
            return undefined;
          }

          // The provider's answer holds no credentials (only its own
          // reference), so it may be stored as a checkpoint and reused when
          // a task resumes; the signed reference is made fresh each time.
          const cluster = await ctx.checkpoint({
            key: `cluster-create-${provider.name}-${input.name}`,
            fn: async () => {
              try {
                return { ...(await provider.create(request)) };
              } catch (error) {
                if (existed) {
                  // Never remove a cluster this run did not create.
                  throw new Error(
                    `${provider.type} provider '${
                      provider.name
                    }' failed on existing cluster ${input.name}: ${
                      (error as Error).message
                    }. The cluster existed before this run and was left as it is`,
                  );
                }
                const remaining = await provider.delete(input.name, ctx.logger);
                throw new Error(
                  `${provider.type} provider '${
                    provider.name
                  }' failed to create ${input.name}: ${
                    (error as Error).message
                  }. ${
                    remaining.length
                      ? `Left behind: ${remaining.join('; ')}`
                      : 'Rolled back: nothing was left behind'
                  }`,
                );
              }
            },
          });
          ctx.logger.info(
            `cluster ${cluster.name} ${cluster.result} in ${cluster.region} at ${cluster.apiEndpoint} for ${owner}`,
          );
          ctx.output('name', cluster.name);
          ctx.output('provider', provider.name);
          ctx.output('region', cluster.region);
          ctx.output('zones', cluster.zones);
          ctx.output('apiEndpoint', cluster.apiEndpoint);
          ctx.output(
            'credentialsRef',
            security.credentialRefs.issue(
              cluster.credentialsRef,
              initiator.ref,
            ),
          );
          ctx.output('result', cluster.result);
          ctx.output('details', cluster.details);
          return { result: cluster.result, owner };
        },
      );
    },
  });
}

async function requireOwnedCluster(
  provider: ClusterProvider,
  name: string,
  ownership: string[],
) {
  const recorded = await provider.recordedOwner(name);
  const mine = ownership.map(r => r.toLocaleLowerCase('en-US'));
  if (!recorded) {
    throw new InputError(
      `name: cluster '${name}' already exists in provider '${provider.name}' and records no owner (made outside Backstage); choose another name`,
    );
  }
  if (!mine.includes(recorded.toLocaleLowerCase('en-US'))) {
    throw new InputError(
      `name: cluster '${name}' already exists in provider '${provider.name}' and belongs to ${recorded}; choose another name`,
    );
  }
}
