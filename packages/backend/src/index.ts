/*
 * The demo and e2e backend, and the model for a production one: catalog,
 * scaffolder, auth (oauth2-proxy; guest and demo users in the demo only),
 * permissions (the multicluster policy), and the multicluster plugin set.
 */
import { createBackend } from '@backstage/backend-defaults';
import { demoFeatures } from './modules/demoFeatures';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Production sign-in: behind oauth2-proxy (OIDC with your identity
// provider), configured under auth.providers.oauth2Proxy; see
// app-config.production.yaml.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(
  import('@backstage/plugin-auth-backend-module-oauth2-proxy-provider'),
);

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

// Only with demo.enabled: guest sign-in (a platform-team member), demo users
// chosen by header (e.g. dana of team shop) and local git repositories as
// the git host. See auth.providers and demo in app-config.yaml.
backend.add(demoFeatures);

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
