import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { multiclusterApiRef, MulticlusterClient } from './api';
import { rootRouteRef } from './routes';

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
  routes: { entityContent: rootRouteRef },
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
