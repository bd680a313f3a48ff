export interface Config {
  multicluster?: {
    /**
     * The permission policy of
     * `@multiregion/backstage-plugin-permission-backend-module-multicluster-policy`.
     */
    permissionPolicy?: {
      /**
       * Groups (entity refs, e.g. `group:default/platform-team`) whose
       * members may do everything: create, register, unregister and join
       * clusters, apply anywhere, delete catalog entities. Everybody else
       * reads, runs templates, and applies only into Karmada namespaces
       * their groups own (`multicluster.io/owner`).
       */
      platformGroups: string[];
    };
  };
}
