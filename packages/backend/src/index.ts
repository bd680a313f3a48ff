/*
 * The demo and e2e backend: catalog, scaffolder, auth (guest and demo users),
 * permissions (the multicluster policy), and the multicluster plugin set.
 */
import { createBackend } from '@backstage/backend-defaults';
import { authModuleDemoUsers } from './modules/demoUsers';
import {
  catalogModuleLocalRepositories,
  scaffolderModuleLocalRepositories,
} from './modules/localRepositories';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Demo sign-in: guest (a platform-team member) in the browser, and catalog
// users chosen by header for acting as a service team; see auth.providers in
// app-config.yaml. Both refuse to work outside development unless told.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(authModuleDemoUsers);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
// publish:github for templates given a repository URL (needs
// integrations.github in app-config).
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import(
    '@multiregion/backstage-plugin-scaffolder-backend-module-multicluster'
  ),
);

// The demo's stand-in for a git host: local git repositories, file locations.
backend.add(catalogModuleLocalRepositories);
backend.add(scaffolderModuleLocalRepositories);

// Platform groups (multicluster.permissionPolicy.platformGroups) may do
// everything; other users read, and apply only into namespaces they own.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import(
    '@multiregion/backstage-plugin-permission-backend-module-multicluster-policy'
  ),
);

backend.add(import('@multiregion/backstage-plugin-multicluster-backend'));

// The Kubernetes plugin reads the same entity annotations; installed next to
// ours so the two can be compared (see docs/benchmarks.md).
backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.start();
