import { createRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({ id: 'multicluster' });

/** The cluster inventory page, `/multicluster` in the demo app. */
export const inventoryRouteRef = createRouteRef({
  id: 'multicluster-inventory',
});
