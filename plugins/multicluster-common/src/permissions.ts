import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the cluster inventory (all clusters of all Karmada instances).
 *
 * @public
 */
export const multiclusterClustersReadPermission = createPermission({
  name: 'multicluster.clusters.read',
  attributes: { action: 'read' },
});

/**
 * Reading where an entity's workloads run: placement, pods and mesh status.
 *
 * @public
 */
export const multiclusterEntityReadPermission = createPermission({
  name: 'multicluster.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** @public */
export const multiclusterPermissions = [
  multiclusterClustersReadPermission,
  multiclusterEntityReadPermission,
];
