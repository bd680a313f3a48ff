import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  KarmadaConnection,
  KarmadaInstanceConfig,
  probeReadiness,
} from '@multiregion/backstage-plugin-multicluster-node';
import { examples } from './karmadaCheck.examples';

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * `karmada:check`: fails a task early, before anything is created, when the
 * target Karmada instance is unknown or not ready. Read-only.
 */
export function createKarmadaCheckAction(options: {
  instances: KarmadaInstanceConfig[];
}) {
  const byName = new Map(options.instances.map(i => [i.name, i]));

  return createTemplateAction({
    id: 'karmada:check',
    description:
      'Checks that a configured Karmada instance answers /readyz, so a template fails before it changes anything',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        karmada: z =>
          z
            .string()
            .describe(
              'Name of the Karmada instance, as in multicluster.karmada[].name',
            ),
        timeoutMs: z =>
          z
            .number()
            .int()
            .positive()
            .max(60_000)
            .optional()
            .describe(
              `How long to wait for /readyz (default ${DEFAULT_TIMEOUT_MS} ms)`,
            ),
      },
      output: {
        ready: z => z.boolean().describe('True when /readyz answered 200'),
        url: z => z.string().describe('The Karmada API server URL'),
        latencyMs: z => z.number().describe('Round trip of the probe in ms'),
      },
    },
    async handler(ctx) {
      const instance = byName.get(ctx.input.karmada);
      if (!instance) {
        const known = [...byName.keys()].join(', ') || 'none configured';
        throw new InputError(
          `karmada: unknown Karmada instance '${ctx.input.karmada}' (known: ${known})`,
        );
      }

      const connection = new KarmadaConnection(instance);
      try {
        const health = await probeReadiness(
          connection,
          ctx.input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        );
        if (!health.ready) {
          throw new Error(
            `Karmada instance '${instance.name}' at ${instance.url} is not ready: ${health.message}`,
          );
        }
        ctx.logger.info(
          `Karmada instance '${instance.name}' is ready (${health.latencyMs} ms)`,
        );
        ctx.output('ready', true);
        ctx.output('url', instance.url);
        ctx.output('latencyMs', health.latencyMs);
      } finally {
        await connection.close();
      }
    },
  });
}
