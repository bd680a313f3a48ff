import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * Lets the catalog's API accept `file` locations, which
 * `catalog:register:file` registers for the demo's local repositories. By
 * default only `url` locations may be registered through the API.
 *
 * Demo only: anybody allowed to register locations can then make the
 * catalog read YAML files of the backend host. Installations with a git
 * host register `url` locations and leave this module out.
 */
export const catalogModuleLocalRepositories = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-repositories',
  register(reg) {
    reg.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});
