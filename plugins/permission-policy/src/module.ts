import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { MulticlusterPermissionPolicy } from './MulticlusterPermissionPolicy';

/**
 * The multicluster permission policy as a permission backend module,
 * configured by `multicluster.permissionPolicy.platformGroups`.
 *
 * @public
 */
export const permissionModuleMulticlusterPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'multicluster-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ policy, config }) {
        const at = 'multicluster.permissionPolicy.platformGroups';
        const platformGroups = config.getStringArray(at);
        platformGroups.forEach((group, i) => {
          if (!/^group:[^/\s]+\/[^/\s]+$/.test(group)) {
            throw new InputError(
              `${at}[${i}]: '${group}' is not a full group entity ref such as group:default/platform-team`,
            );
          }
        });
        policy.setPolicy(new MulticlusterPermissionPolicy({ platformGroups }));
      },
    });
  },
});
