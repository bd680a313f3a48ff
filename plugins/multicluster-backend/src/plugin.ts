import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { multiclusterPermissions } from '@multiregion/backstage-plugin-multicluster-common';
import {
  KarmadaConnection,
  readKarmadaInstances,
} from '@multiregion/backstage-plugin-multicluster-node';
import { KarmadaInventory } from './cache/KarmadaInventory';
import { readCacheOptions } from './config/readCacheOptions';
import { readMeshOptions } from './config/readMeshOptions';
import { ClustersService } from './service/ClustersService';
import { HealthService } from './service/HealthService';
import { InventoryService } from './service/InventoryService';
import { PlacementService } from './service/PlacementService';
import { PodsService } from './service/PodsService';
import { ReadableEntities } from './service/ReadableEntities';
import { MeshService } from './service/mesh/MeshService';
import { Regions } from './service/regions';
import { createRouter } from './router';

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
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger, httpRouter, lifecycle } = deps;
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

        const options = readCacheOptions(config);
        const meshOptions = readMeshOptions(config);
        const connections = instances.map(i => new KarmadaConnection(i));
        const inventories = connections.map(
          connection =>
            new KarmadaInventory(connection, { ...options.cache, logger }),
        );
        // Start watching at once; a Karmada that is down does not block
        // start-up: its caches report "not synced" until it answers.
        inventories.forEach(i => i.start());
        lifecycle.addShutdownHook(async () => {
          await Promise.all(inventories.map(i => i.stop()));
          await Promise.all(connections.map(c => c.close()));
        });

        deps.permissionsRegistry.addPermissions(multiclusterPermissions);

        const inventory = new InventoryService(inventories);
        const regions = Regions.fromConfig(config);
        const placement = new PlacementService(inventory, regions);
        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            logger,
            entities: new ReadableEntities({
              catalog: deps.catalog,
              permissions: deps.permissions,
              ...options.entityCache,
            }),
            health: new HealthService(inventory, options.healthProbeMs),
            clusters: new ClustersService(inventory, regions),
            placement,
            pods: new PodsService(placement, options.podsTimeoutMs),
            mesh: new MeshService(inventory, placement, meshOptions),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
