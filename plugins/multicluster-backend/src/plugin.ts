import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  KarmadaConnection,
  readKarmadaInstances,
} from '@multiregion/backstage-plugin-multicluster-node';
import { HealthService } from './service/HealthService';
import { createRouter } from './router';

const DEFAULT_HEALTH_PROBE_MS = 3000;

/**
 * The multicluster backend plugin: Karmada and mesh aggregation under
 * `/api/multicluster`.
 *
 * @public
 */
export const multiclusterPlugin = createBackendPlugin({
  pluginId: 'multicluster',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, httpRouter, lifecycle }) {
        const instances = readKarmadaInstances(config);
        if (instances.length === 0) {
          logger.warn(
            'No Karmada instance configured under multicluster.karmada; the plugin has nothing to show',
          );
        }
        for (const instance of instances) {
          if (instance.dangerouslySkipTLSVerify) {
            logger.warn(
              `Karmada instance '${instance.name}' skips TLS verification (dangerouslySkipTLSVerify); do not use this outside local experiments`,
            );
          }
        }

        const connections = instances.map(i => new KarmadaConnection(i));
        lifecycle.addShutdownHook(async () => {
          await Promise.all(connections.map(c => c.close()));
        });

        const health = new HealthService(
          connections,
          config.getOptionalNumber('multicluster.timeouts.healthProbeMs') ??
            DEFAULT_HEALTH_PROBE_MS,
        );

        httpRouter.use(await createRouter({ health }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
