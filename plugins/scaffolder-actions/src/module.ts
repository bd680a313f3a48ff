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
import { createActionSecurity } from './security/createActionSecurity';

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
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
      },
      async init({ scaffolder, config, ...services }) {
        // The actions write: they use scaffolderAuth where one is set.
        const instances = readKarmadaInstances(config).map(
          ({ scaffolderAuth, ...instance }) => ({
            ...instance,
            auth: scaffolderAuth ?? instance.auth,
          }),
        );
        const environment: ActionEnvironment = {
          instances,
          providers: readClusterProviders(config),
          regions: readRegionIds(config),
          security: createActionSecurity({ config, instances, ...services }),
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
