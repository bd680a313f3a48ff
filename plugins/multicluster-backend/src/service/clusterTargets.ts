import { KarmadaInventory } from '../cache/KarmadaInventory';
import { formatRequirements, requirementsOf } from '../cache/labelSelector';
import { EntityWorkload } from './PlacementService';

/** Path prefix of Karmada's cluster proxy to one member's API server. */
export function clusterProxyPath(cluster: string): string {
  return `/apis/cluster.karmada.io/v1alpha1/clusters/${encodeURIComponent(
    cluster,
  )}/proxy`;
}

export interface ClusterTarget {
  inventory: KarmadaInventory;
  cluster: string;
  /** Pod queries of the entity's workloads placed on this cluster. */
  queries: Array<{ namespace: string; selector: string }>;
}

/**
 * One target per cluster the entity's workloads are bound to, with a pod
 * query per workload placed there. Keyed by `<instance>/<cluster>`.
 */
export function podTargetsByCluster(
  workloads: EntityWorkload[],
): Map<string, ClusterTarget> {
  const targets = new Map<string, ClusterTarget>();
  for (const { inventory, workload, binding } of workloads) {
    const selector = formatRequirements(requirementsOf(workload.selector));
    if (!binding || !selector) continue;
    for (const { name } of binding.clusters) {
      const key = `${inventory.name}/${name}`;
      const target = targets.get(key) ?? {
        inventory,
        cluster: name,
        queries: [],
      };
      if (
        !target.queries.some(
          q => q.namespace === workload.namespace && q.selector === selector,
        )
      ) {
        target.queries.push({ namespace: workload.namespace, selector });
      }
      targets.set(key, target);
    }
  }
  return targets;
}
