import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ClusterError,
  PodsResponse,
  PodSummary,
} from '@multiregion/backstage-plugin-multicluster-common';
import { toClusterError } from './clusterErrors';
import {
  ClusterTarget,
  clusterProxyPath,
  podTargetsByCluster,
} from './clusterTargets';
import { PlacementService } from './PlacementService';

type Json = any; // core/v1 objects, as JSON

const ZONE_LABEL = 'topology.kubernetes.io/zone';

/**
 * `GET /entities/.../pods`: the pods of the entity's workloads, read live
 * from each member through Karmada's cluster proxy, all clusters at once,
 * each with its own timeout. A failing cluster becomes an entry of
 * `errors[]`; it never fails the answer.
 */
export class PodsService {
  constructor(
    private readonly placement: PlacementService,
    private readonly timeoutMs: number,
  ) {}

  async getPods(entity: Entity): Promise<PodsResponse> {
    const targets = podTargetsByCluster(this.placement.findWorkloads(entity));
    const results = await Promise.all(
      [...targets.values()].map(target => this.readCluster(target)),
    );
    const errors: ClusterError[] = [];
    const clusters: PodsResponse['clusters'] = [];
    for (const result of results) {
      if ('error' in result) errors.push(result.error);
      else clusters.push(result.cluster);
    }
    return { entityRef: stringifyEntityRef(entity), clusters, errors };
  }

  private async readCluster(
    target: ClusterTarget,
  ): Promise<
    { cluster: PodsResponse['clusters'][number] } | { error: ClusterError }
  > {
    const { inventory, cluster, queries } = target;
    const signal = AbortSignal.timeout(this.timeoutMs);
    const proxy = clusterProxyPath(cluster);
    try {
      const [podLists, zones] = await Promise.all([
        Promise.all(
          queries.map(({ namespace, selector }) =>
            inventory.connection.getJson<{ items: Json[] }>(
              `${proxy}/api/v1/namespaces/${encodeURIComponent(
                namespace,
              )}/pods?labelSelector=${encodeURIComponent(selector)}`,
              signal,
            ),
          ),
        ),
        // Zones make the table readable but are optional: a member that
        // does not let us list nodes still shows its pods.
        inventory.connection
          .getJson<{ items: Json[] }>(`${proxy}/api/v1/nodes`, signal)
          .then(
            nodes =>
              new Map<string, string>(
                nodes.items.map(n => [
                  n.metadata.name,
                  n.metadata.labels?.[ZONE_LABEL],
                ]),
              ),
          )
          .catch(() => new Map<string, string>()),
      ]);
      const seen = new Set<string>();
      const pods: PodSummary[] = [];
      for (const pod of podLists.flatMap(list => list.items)) {
        const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        pods.push(summarizePod(pod, zones));
      }
      pods.sort((a, b) => a.name.localeCompare(b.name));
      return {
        cluster: {
          cluster,
          karmada: inventory.name,
          region: inventory.clusters.get(cluster)?.region ?? 'unassigned',
          pods,
        },
      };
    } catch (error) {
      return { error: toClusterError(cluster, error) };
    }
  }
}

function summarizePod(pod: Json, zones: Map<string, string>): PodSummary {
  const statuses: Json[] = pod.status?.containerStatuses ?? [];
  const node = pod.spec?.nodeName || undefined;
  return {
    name: pod.metadata.name,
    namespace: pod.metadata.namespace,
    phase: pod.metadata.deletionTimestamp
      ? 'Terminating'
      : pod.status?.phase ?? 'Unknown',
    ready:
      pod.status?.conditions?.some(
        (c: Json) => c.type === 'Ready' && c.status === 'True',
      ) ?? false,
    readyContainers: statuses.filter(s => s.ready).length,
    totalContainers: pod.spec?.containers?.length ?? statuses.length,
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    node,
    zone: node ? zones.get(node) : undefined,
    createdAt: pod.metadata.creationTimestamp,
  };
}
