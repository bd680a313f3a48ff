import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readKarmadaInstances } from '@multiregion/backstage-plugin-multicluster-node';
import { createKarmadaCheckAction } from './actions/karmadaCheck';

/**
 * Scaffolder actions for multi-region Kubernetes with Karmada and Istio.
 *
 * @public
 */
export const scaffolderModuleMulticluster = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'multicluster',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, config }) {
        const instances = readKarmadaInstances(config);
        scaffolder.addActions(createKarmadaCheckAction({ instances }));
      },
    });
  },
});
