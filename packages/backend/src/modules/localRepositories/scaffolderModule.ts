import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCatalogRegisterFileAction } from './catalogRegisterFile';
import { createPublishLocalAction } from './publishLocal';

/**
 * `publish:local` and `catalog:register:file`: the demo's stand-in for a git
 * host, publishing generated services as git repositories on the backend
 * host and registering them in the catalog. Real installations use
 * `publish:github` (or another host) with `catalog:register`.
 */
export const scaffolderModuleLocalRepositories = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'local-repositories',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, catalog }) {
        scaffolder.addActions(
          createPublishLocalAction({ config }),
          createCatalogRegisterFileAction({ config, catalog }),
        );
      },
    });
  },
});
