import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { multiclusterApiRef, MulticlusterClient } from './api';
import { inventoryRouteRef, rootRouteRef } from './routes';

/**
 * The multicluster plugin for the legacy frontend system.
 *
 * @public
 */
export const multiclusterPlugin = createPlugin({
  id: 'multicluster',
  apis: [
    createApiFactory({
      api: multiclusterApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new MulticlusterClient(deps),
    }),
  ],
  routes: { entityContent: rootRouteRef, inventory: inventoryRouteRef },
});

/**
 * The Regions tab for the legacy `EntityLayout`:
 * `<EntityLayout.Route path="/regions" title="Regions" if={isMulticlusterAvailable}>`.
 *
 * @public
 */
export const EntityMulticlusterContent = multiclusterPlugin.provide(
  createRoutableExtension({
    name: 'EntityMulticlusterContent',
    component: () =>
      import('./components/RegionsContent').then(m => m.RegionsContent),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The cluster inventory page for the legacy `FlatRoutes`:
 * `<Route path="/multicluster" element={<MulticlusterInventoryPage />} />`.
 *
 * @public
 */
export const MulticlusterInventoryPage = multiclusterPlugin.provide(
  createRoutableExtension({
    name: 'MulticlusterInventoryPage',
    component: () =>
      import('./components/ClusterInventory').then(m => m.ClusterInventoryPage),
    mountPoint: inventoryRouteRef,
  }),
);
