import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { multiclusterApi } from './apis';
import { entityRegionsContent } from './entityContents';

/**
 * The multicluster plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'multicluster',
  extensions: [multiclusterApi, entityRegionsContent],
});
