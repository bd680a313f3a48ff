export interface Config {
  /** Demo-only backend modules (src/modules/demoFeatures.ts). */
  demo?: {
    /**
     * Loads guest sign-in (as a platform-team member), the demo-user
     * provider (`auth.providers.demo`) and local repositories. Default
     * false; refused with `permission.enabled` false.
     */
    enabled?: boolean;
  };
  /**
   * The demo's stand-in for a git host (src/modules/localRepositories): the
   * scaffolder action `publish:local` creates a git repository per generated
   * service in this folder, and `catalog:register:file` registers files from
   * it in the catalog. Real installations publish to a git host instead.
   */
  localRepositories?: {
    /**
     * The folder holding the repositories, one subfolder per repository
     * name. Absolute, or relative to the backend's working directory
     * (packages/backend when started with `yarn start`). Created on first
     * use.
     */
    directory?: string;
  };
}
