/*
 * What only the demo installs: one-click sign-in (guest, demo users) and
 * local git repositories as the git host. Loaded when `demo.enabled` is
 * true (app-config.yaml); app-config.production.yaml turns it off, so a
 * production backend has neither sign-in that trusts whoever asks.
 */
import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import authModuleGuestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import { authModuleDemoUsers } from './demoUsers';
import {
  catalogModuleLocalRepositories,
  scaffolderModuleLocalRepositories,
} from './localRepositories';

/** The demo's features for this config: none unless `demo.enabled`. */
export function selectDemoFeatures(config: Config) {
  if (!config.getOptionalBoolean('demo.enabled')) return [];
  // Demo sign-in makes anybody a platform-team member: only behind a
  // permission policy, never with permissions off.
  if (!config.getOptionalBoolean('permission.enabled')) {
    throw new Error(
      'demo.enabled: the demo sign-in needs permission.enabled: true (with it off every visitor could change the fleet)',
    );
  }
  return [
    authModuleGuestProvider,
    authModuleDemoUsers,
    catalogModuleLocalRepositories,
    scaffolderModuleLocalRepositories,
  ];
}

export const demoFeatures = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  loader: ({ config }) => selectDemoFeatures(config),
});
