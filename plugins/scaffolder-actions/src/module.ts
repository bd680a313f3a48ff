import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readKarmadaInstances } from '@multiregion/backstage-plugin-multicluster-node';
import { ActionEnvironment } from './actions/ActionEnvironment';
import { createClusterCreateAction } from './actions/clusterCreate';
import { createKarmadaApplyAction } from './actions/karmadaApply';
import { createKarmadaCheckAction } from './actions/karmadaCheck';
import { createKarmadaClusterRegisterAction } from './actions/karmadaClusterRegister';
import { createKarmadaClusterUnregisterAction } from './actions/karmadaClusterUnregister';
import { createKarmadaPolicyCreateAction } from './actions/karmadaPolicyCreate';
import { readClusterProviders } from './config/readClusterProviders';
import { readRegionIds } from './config/readRegions';
import { createIstioMeshJoinAction } from './actions/istioMeshJoin';

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
        const environment: ActionEnvironment = {
          // The actions write: they use scaffolderAuth where one is set.
          instances: readKarmadaInstances(config).map(
            ({ scaffolderAuth, ...instance }) => ({
              ...instance,
              auth: scaffolderAuth ?? instance.auth,
            }),
          ),
          providers: readClusterProviders(config),
          regions: readRegionIds(config),
        };
        scaffolder.addActions(
          createKarmadaCheckAction(environment),
          createClusterCreateAction(environment),
          createKarmadaClusterRegisterAction(environment),
          createKarmadaClusterUnregisterAction(environment),
          createKarmadaApplyAction(environment),
          createKarmadaPolicyCreateAction(environment),
          createIstioMeshJoinAction(environment),
        );
      },
    });
  },
});
