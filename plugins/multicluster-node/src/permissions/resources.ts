import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  MULTICLUSTER_CLUSTER_RESOURCE_TYPE,
  MULTICLUSTER_NAMESPACE_RESOURCE_TYPE,
} from '@multiregion/backstage-plugin-multicluster-common';

/**
 * A member cluster as the permission rules see it.
 *
 * @public
 */
export interface MulticlusterClusterResource {
  karmada: string;
  name: string;
  /** The `multicluster.io/owner` annotation of the Karmada `Cluster`. */
  owner?: string;
  region?: string;
}

/**
 * A Karmada namespace as the permission rules see it.
 *
 * @public
 */
export interface MulticlusterNamespaceResource {
  karmada: string;
  name: string;
  /** The `multicluster.io/owner` annotation of the namespace. */
  owner?: string;
}

/** What a rule turns into when asked for a query: the owners it accepts. */
export type MulticlusterOwnerQuery = { owners: string[] };

/**
 * The write permissions are checked by the scaffolder actions, so their
 * resource types belong to the scaffolder plugin: that is where the
 * permission backend sends conditional decisions to be applied.
 */
const RESOURCE_PLUGIN_ID = 'scaffolder';

/** @public */
export const multiclusterClusterResourceRef = createPermissionResourceRef<
  MulticlusterClusterResource,
  MulticlusterOwnerQuery
>().with({
  pluginId: RESOURCE_PLUGIN_ID,
  resourceType: MULTICLUSTER_CLUSTER_RESOURCE_TYPE,
});

/** @public */
export const multiclusterNamespaceResourceRef = createPermissionResourceRef<
  MulticlusterNamespaceResource,
  MulticlusterOwnerQuery
>().with({
  pluginId: RESOURCE_PLUGIN_ID,
  resourceType: MULTICLUSTER_NAMESPACE_RESOURCE_TYPE,
});

/**
 * Resource refs are `<karmada instance>:<name>`: both parts are DNS-1123
 * labels, so the first colon separates them.
 *
 * @public
 */
export function multiclusterResourceRef(karmada: string, name: string) {
  return `${karmada}:${name}`;
}

/** @public */
export function parseMulticlusterResourceRef(
  ref: string,
): { karmada: string; name: string } | undefined {
  const match = /^([a-z0-9-]{1,63}):([a-z0-9-]{1,63})$/.exec(ref);
  return match ? { karmada: match[1], name: match[2] } : undefined;
}
