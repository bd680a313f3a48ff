import {
  MeshEndpointGroup,
  MeshRemoteCluster,
  MeshService,
} from '@multiregion/backstage-plugin-multicluster-common';
import { KarmadaApiError } from '@multiregion/backstage-plugin-multicluster-node';
import { KarmadaInventory } from '../../cache/KarmadaInventory';
import { IstiodAccessOptions } from '../../config/readMeshOptions';
import { boundedFetch } from '../boundedFetch';
import { clusterProxyPath } from '../clusterTargets';

type Json = any; // istiod's debug output, as JSON

/** `HealthStatus` of an IstioEndpoint (pilot/pkg/model/service.go). */
const HEALTHY = 1;
const SHARD_PREFIX = 'Kubernetes/';

/**
 * Reads istiod's debug endpoints (monitoring port, 15014 by default) of one
 * member cluster: through Karmada's cluster proxy to the istiod Service, or
 * from a URL configured for that cluster.
 */
export class IstiodDebugClient {
  constructor(private readonly options: IstiodAccessOptions) {}

  async clusterz(
    inventory: KarmadaInventory,
    cluster: string,
    signal: AbortSignal,
  ): Promise<MeshRemoteCluster[]> {
    const raw = await this.get<Json[] | null>(
      inventory,
      cluster,
      '/debug/clusterz',
      signal,
    );
    const entries: MeshRemoteCluster[] = (raw ?? []).map(c => ({
      id: String(c.id),
      syncStatus: String(c.syncStatus ?? 'unknown'),
      secretName: c.secretName || undefined,
    }));
    // istiod lists its own cluster first, the remotes in map order.
    const [own, ...remotes] = entries;
    return own
      ? [own, ...remotes.sort((a, b) => a.id.localeCompare(b.id))]
      : [];
  }

  async endpoints(
    inventory: KarmadaInventory,
    cluster: string,
    services: MeshService[],
    signal: AbortSignal,
  ): Promise<MeshEndpointGroup[]> {
    const shardz = await this.get<Json>(
      inventory,
      cluster,
      '/debug/endpointShardz',
      signal,
    );
    return services.flatMap(service =>
      endpointGroups(shardz?.[service.host]?.[service.namespace], service),
    );
  }

  private async get<T>(
    inventory: KarmadaInventory,
    cluster: string,
    path: string,
    signal: AbortSignal,
  ): Promise<T> {
    const { maxResponseBytes } = this.options;
    const direct = this.options.debugUrls[cluster];
    if (!direct) {
      const { namespace, service, port } = this.options;
      return inventory.connection.requestJson<T>({
        path: `${clusterProxyPath(
          cluster,
        )}/api/v1/namespaces/${encodeURIComponent(
          namespace,
        )}/services/${encodeURIComponent(service)}:${encodeURIComponent(
          port,
        )}/proxy${path}`,
        signal,
        maxResponseBytes,
      });
    }
    const response = await boundedFetch(
      `${direct.replace(/\/+$/, '')}${path}`,
      { signal, maxResponseBytes, what: `istiod ${path}` },
    );
    if (!response.ok) {
      throw new KarmadaApiError(
        `istiod ${path}`,
        response.status,
        response.text,
      );
    }
    return JSON.parse(response.text) as T;
  }
}

function endpointGroups(
  entry: Json,
  service: MeshService,
): MeshEndpointGroup[] {
  const shards: Record<string, Json[]> = entry?.Shards ?? {};
  const groups: MeshEndpointGroup[] = [];
  for (const [key, endpoints] of Object.entries(shards)) {
    const cluster = key.startsWith(SHARD_PREFIX)
      ? key.slice(SHARD_PREFIX.length)
      : key;
    // One endpoint per address and port; a pod serving two ports of the
    // service counts once.
    const byAddress = new Map<string, Json>();
    for (const e of endpoints ?? []) {
      byAddress.set(String(e.Addresses?.[0] ?? e.Address ?? ''), e);
    }
    const unique = [...byAddress.values()];
    groups.push({
      host: service.host,
      cluster,
      localities: [
        ...new Set(
          unique
            .map(e => String(e.Locality?.Label ?? '').replace(/\/+$/, ''))
            .filter(Boolean),
        ),
      ].sort(),
      total: unique.length,
      healthy: unique.filter(e => (e.HealthStatus ?? HEALTHY) === HEALTHY)
        .length,
      mtlsCapable: unique.filter(e => e.TLSMode === 'istio').length,
    });
  }
  return groups.sort((a, b) => a.cluster.localeCompare(b.cluster));
}
