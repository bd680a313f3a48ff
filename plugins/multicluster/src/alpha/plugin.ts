import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { inventoryRouteRef } from '../routes';
import { multiclusterApi } from './apis';
import { entityRegionsContent } from './entityContents';
import { regionPickerFormField } from './formFields';
import { clusterInventoryPage } from './pages';

/**
 * The multicluster plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'multicluster',
  routes: { inventory: inventoryRouteRef },
  extensions: [
    multiclusterApi,
    entityRegionsContent,
    clusterInventoryPage,
    regionPickerFormField,
  ],
});
