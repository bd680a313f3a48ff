import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of a member cluster in a Karmada instance, as the
 * write permissions on one cluster name it. Resource refs are
 * `<karmada instance>:<cluster name>`.
 *
 * @public
 */
export const MULTICLUSTER_CLUSTER_RESOURCE_TYPE = 'multicluster-cluster';

/**
 * The resource type of a namespace in a Karmada instance. Resource refs are
 * `<karmada instance>:<namespace>`.
 *
 * @public
 */
export const MULTICLUSTER_NAMESPACE_RESOURCE_TYPE = 'multicluster-namespace';

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

/**
 * Creating a regional cluster through a cluster provider
 * (`multicluster:cluster:create`). A platform-team permission.
 *
 * @public
 */
export const multiclusterClusterCreatePermission = createPermission({
  name: 'multicluster.cluster.create',
  attributes: { action: 'create' },
});

/**
 * Registering a member cluster with Karmada (`karmada:cluster:register`).
 * A platform-team permission.
 *
 * @public
 */
export const multiclusterClusterRegisterPermission = createPermission({
  name: 'multicluster.cluster.register',
  attributes: { action: 'create' },
});

/**
 * Unregistering one member cluster from Karmada, with everything Karmada
 * placed there (`karmada:cluster:unregister`).
 *
 * @public
 */
export const multiclusterClusterUnregisterPermission = createPermission({
  name: 'multicluster.cluster.unregister',
  attributes: { action: 'delete' },
  resourceType: MULTICLUSTER_CLUSTER_RESOURCE_TYPE,
});

/**
 * Joining one member cluster to the Istio mesh of the others
 * (`istio:mesh:join`): remote secrets with reader credentials go both ways.
 *
 * @public
 */
export const multiclusterMeshJoinPermission = createPermission({
  name: 'multicluster.mesh.join',
  attributes: { action: 'update' },
  resourceType: MULTICLUSTER_CLUSTER_RESOURCE_TYPE,
});

/**
 * Applying manifests into one namespace of a Karmada instance
 * (`karmada:apply`), checked for every namespace an apply writes into.
 *
 * @public
 */
export const multiclusterKarmadaApplyPermission = createPermission({
  name: 'multicluster.karmada.apply',
  attributes: { action: 'update' },
  resourceType: MULTICLUSTER_NAMESPACE_RESOURCE_TYPE,
});

/**
 * Creating a PropagationPolicy for one namespace (`karmada:policy:create`).
 *
 * @public
 */
export const multiclusterPolicyCreatePermission = createPermission({
  name: 'multicluster.policy.create',
  attributes: { action: 'create' },
  resourceType: MULTICLUSTER_NAMESPACE_RESOURCE_TYPE,
});

/**
 * The read permissions, registered by the backend plugin.
 *
 * @public
 */
export const multiclusterPermissions = [
  multiclusterClustersReadPermission,
  multiclusterEntityReadPermission,
];

/**
 * The write permissions, registered by the scaffolder module that checks
 * them.
 *
 * @public
 */
export const multiclusterWritePermissions = [
  multiclusterClusterCreatePermission,
  multiclusterClusterRegisterPermission,
  multiclusterClusterUnregisterPermission,
  multiclusterMeshJoinPermission,
  multiclusterKarmadaApplyPermission,
  multiclusterPolicyCreatePermission,
];
