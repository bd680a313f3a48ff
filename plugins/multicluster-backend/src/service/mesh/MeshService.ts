import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ClusterError,
  IstiodStatus,
  MeshClusterStatus,
  MeshInjectionStatus,
  MeshPolicyObject,
  MeshResponse,
  MeshService as MeshServiceRef,
  MeshTraffic,
} from '@multiregion/backstage-plugin-multicluster-common';
import {
  describeRequestFailure,
  KarmadaApiError,
} from '@multiregion/backstage-plugin-multicluster-node';
import { KarmadaInventory } from '../../cache/KarmadaInventory';
import { matchesLabels } from '../../cache/labelSelector';
import { MeshOptions } from '../../config/readMeshOptions';
import { karmadaErrorSource, toClusterError } from '../clusterErrors';
import { clusterProxyPath, podTargetsByCluster } from '../clusterTargets';
import { EntitySelector, entitySelectorOf } from '../entitySelector';
import { InventoryService } from '../InventoryService';
import { EntityWorkload, PlacementService } from '../PlacementService';
import { IstiodDebugClient } from './IstiodDebugClient';
import {
  findDrift,
  hostMatches,
  mtlsModeOf,
  summarizeDestinationRule,
  summarizeVirtualService,
} from './meshPolicies';
import { meshWarnings } from './meshWarnings';
import { MeshTrafficReader } from './MeshTrafficReader';

type Json = any; // Kubernetes and Istio objects, as JSON

const SIDECAR_STATUS = 'sidecar.istio.io/status';
const NETWORK_LABEL = 'topology.istio.io/network';

interface MeshTarget {
  inventory: KarmadaInventory;
  cluster: string;
  region: string;
  /** Pod queries of the entity's workloads placed here; empty if none. */
  podQueries: Array<{ namespace: string; selector: string }>;
}

/**
 * `GET /entities/.../mesh`: how the entity's services look in the Istio
 * mesh, read live from every member (its istiod's debug endpoints and its
 * Istio objects, through Karmada's cluster proxy) and from Prometheus.
 * Each cluster has its own timeout; a failing cluster goes to `errors[]`.
 */
export class MeshService {
  private readonly istiod: IstiodDebugClient;
  private readonly traffic?: MeshTrafficReader;

  constructor(
    private readonly inventory: InventoryService,
    private readonly placement: PlacementService,
    private readonly options: MeshOptions,
  ) {
    this.istiod = new IstiodDebugClient(options.istiod);
    this.traffic =
      options.prometheus &&
      new MeshTrafficReader(options.prometheus, options.timeoutMs);
  }

  async getMesh(entity: Entity): Promise<MeshResponse> {
    // Refuses a missing, broken or too broad selector before any read.
    const selector = entitySelectorOf(entity);
    const workloads = this.placement.findWorkloads(entity);
    const inventories = this.inventory.forEntity(entity);
    const errors: ClusterError[] = [];

    const services = (
      await Promise.all(
        inventories.map(inventory =>
          this.findServices(
            inventory,
            selector,
            workloads.filter(w => w.inventory === inventory),
          ).catch(error => {
            errors.push(
              toClusterError(karmadaErrorSource(inventory.name), error),
            );
            return [];
          }),
        ),
      )
    ).flat();

    const targets = clusterTargets(inventories, workloads);
    const results = await Promise.all(
      targets.map(target =>
        this.readCluster(target, services).catch(error => {
          errors.push(toClusterError(target.cluster, error));
          return undefined;
        }),
      ),
    );
    const clusters = results.filter(
      (r): r is MeshClusterStatus => r !== undefined,
    );
    countSyncedMembers(clusters);

    const primaries = clusters.filter(c => c.istiod.present);
    const drift = findDrift(
      primaries.map(c => ({ cluster: c.cluster, policies: c.policies })),
    );

    const regions = new Map(targets.map(t => [t.cluster, t.region]));
    const { traffic, trafficUnavailable } = await this.readTraffic(
      services,
      cluster => regions.get(cluster) ?? 'unknown',
    );

    return {
      entityRef: stringifyEntityRef(entity),
      services,
      clusters,
      drift,
      traffic,
      trafficUnavailable,
      warnings: meshWarnings(services, clusters, drift),
      errors: errors.sort((a, b) => a.cluster.localeCompare(b.cluster)),
      observedAt: new Date().toISOString(),
    };
  }

  /**
   * The entity's Services in Karmada: those carrying the entity's labels,
   * and those whose selector picks the entity's workloads' pods.
   */
  private async findServices(
    inventory: KarmadaInventory,
    selector: EntitySelector,
    workloads: EntityWorkload[],
  ): Promise<MeshServiceRef[]> {
    const namespaces = new Set(workloads.map(w => w.workload.namespace));
    if (selector.namespace) namespaces.add(selector.namespace);
    const { requirements } = selector;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const found = new Map<string, MeshServiceRef>();
    for (const namespace of [...namespaces].sort()) {
      const list = await inventory.connection.getJson<{ items: Json[] }>(
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/services`,
        signal,
      );
      for (const svc of list.items) {
        const podSelector: Record<string, string> = svc.spec?.selector ?? {};
        const labelled = matchesLabels(requirements, svc.metadata.labels ?? {});
        const selectsWorkload =
          Object.keys(podSelector).length > 0 &&
          workloads.some(
            w =>
              w.workload.namespace === namespace &&
              Object.entries(podSelector).every(
                ([k, v]) => w.workload.selector?.matchLabels?.[k] === v,
              ),
          );
        if (!labelled && !selectsWorkload) continue;
        const name = svc.metadata.name;
        found.set(`${namespace}/${name}`, {
          namespace,
          name,
          host: `${name}.${namespace}.svc.cluster.local`,
        });
      }
    }
    return [...found.values()];
  }

  private async readCluster(
    target: MeshTarget,
    services: MeshServiceRef[],
  ): Promise<MeshClusterStatus> {
    const { inventory, cluster } = target;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const member = (path: string) =>
      inventory.connection.getJson<Json>(
        `${clusterProxyPath(cluster)}${path}`,
        signal,
      );
    // A cluster without Istio's CRDs simply has no Istio objects.
    const list = (path: string) =>
      member(path).then(
        (l: { items: Json[] }) => l.items,
        error => {
          if (error instanceof KarmadaApiError && error.statusCode === 404) {
            return [] as Json[];
          }
          throw error;
        },
      );
    const root = this.options.istiod.namespace;
    const namespaces = [
      ...new Set([
        ...services.map(s => s.namespace),
        ...target.podQueries.map(q => q.namespace),
      ]),
    ].sort();
    const policyNamespaces = [...new Set([...namespaces, root])];
    const istioObjects = (groupVersion: string, plural: string, ns: string) =>
      list(
        `/apis/${groupVersion}/namespaces/${encodeURIComponent(ns)}/${plural}`,
      );
    const inPolicyNamespaces = (groupVersion: string, plural: string) =>
      Promise.all(
        policyNamespaces.map(ns => istioObjects(groupVersion, plural, ns)),
      ).then(lists => lists.flat());

    const [
      istiod,
      endpoints,
      injection,
      rootNs,
      drs,
      vss,
      nsPeerAuth,
      meshPeerAuth,
    ] = await Promise.all([
      this.readIstiod(target, signal),
      this.istiod
        .endpoints(inventory, cluster, services, signal)
        .catch(() => []),
      this.readInjection(target, namespaces, member),
      member(`/api/v1/namespaces/${encodeURIComponent(root)}`).catch(
        () => undefined,
      ),
      inPolicyNamespaces('networking.istio.io/v1', 'destinationrules'),
      inPolicyNamespaces('networking.istio.io/v1', 'virtualservices'),
      namespaces.length > 0
        ? istioObjects(
            'security.istio.io/v1',
            'peerauthentications',
            namespaces[0],
          )
        : Promise.resolve([]),
      istioObjects('security.istio.io/v1', 'peerauthentications', root),
    ]);

    const forService = (hosts: string[], objectNamespace: string) =>
      services.some(s => hosts.some(h => hostMatches(h, objectNamespace, s)));
    const policies: MeshPolicyObject[] = [
      ...drs
        .filter(dr => forService([dr.spec?.host ?? ''], dr.metadata.namespace))
        .map(summarizeDestinationRule),
      ...vss
        .filter(vs => forService(vs.spec?.hosts ?? [], vs.metadata.namespace))
        .map(summarizeVirtualService),
    ].sort(
      (a, b) =>
        a.kind.localeCompare(b.kind) ||
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name),
    );

    return {
      cluster,
      karmada: inventory.name,
      region: target.region,
      network: rootNs?.metadata?.labels?.[NETWORK_LABEL],
      hostsWorkloads: target.podQueries.length > 0,
      istiod,
      endpoints: istiod.present ? endpoints : [],
      injection,
      mtls: mtlsModeOf(nsPeerAuth, meshPeerAuth),
      policies,
    };
  }

  private async readIstiod(
    { inventory, cluster }: MeshTarget,
    signal: AbortSignal,
  ): Promise<IstiodStatus> {
    try {
      const clusters = await this.istiod.clusterz(inventory, cluster, signal);
      return { present: true, clusters, synced: 0, expected: 0, missing: [] };
    } catch (error) {
      return {
        present: false,
        clusters: [],
        synced: 0,
        expected: 0,
        missing: [],
        message: describeIstiodFailure(error),
      };
    }
  }

  private async readInjection(
    target: MeshTarget,
    namespaces: string[],
    member: (path: string) => Promise<Json>,
  ): Promise<MeshInjectionStatus> {
    const nsObjects = await Promise.all(
      namespaces.map(ns =>
        member(`/api/v1/namespaces/${encodeURIComponent(ns)}`).catch(error => {
          if (error instanceof KarmadaApiError && error.statusCode === 404) {
            return undefined;
          }
          throw error;
        }),
      ),
    );
    const pods = (
      await Promise.all(
        target.podQueries.map(q =>
          member(
            `/api/v1/namespaces/${encodeURIComponent(
              q.namespace,
            )}/pods?labelSelector=${encodeURIComponent(q.selector)}`,
          ).then((l: { items: Json[] }) => l.items),
        ),
      )
    ).flat();
    const unique = new Map<string, Json>(
      pods.map(p => [`${p.metadata.namespace}/${p.metadata.name}`, p]),
    );
    return {
      namespaces: nsObjects
        .filter((ns): ns is Json => ns !== undefined)
        .map(ns => injectionOf(ns)),
      pods: {
        total: unique.size,
        injected: [...unique.values()].filter(
          p => p.metadata.annotations?.[SIDECAR_STATUS],
        ).length,
      },
    };
  }

  private async readTraffic(
    services: MeshServiceRef[],
    regionOf: (cluster: string) => string,
  ): Promise<{ traffic?: MeshTraffic; trafficUnavailable?: string }> {
    if (!this.traffic) {
      return {
        trafficUnavailable:
          'no Prometheus configured (multicluster.mesh.prometheus.url)',
      };
    }
    if (services.length === 0) {
      return { trafficUnavailable: 'the entity has no Service in the mesh' };
    }
    try {
      return { traffic: await this.traffic.read(services, regionOf) };
    } catch (error) {
      return { trafficUnavailable: (error as Error).message };
    }
  }
}

/** Every cluster of the entity's Karmada instances is a possible observer. */
function clusterTargets(
  inventories: KarmadaInventory[],
  workloads: EntityWorkload[],
): MeshTarget[] {
  const placed = podTargetsByCluster(workloads);
  return inventories
    .flatMap(inventory =>
      [...inventory.clusters.values()].map(c => ({
        inventory,
        cluster: c.name,
        region: c.region,
        podQueries: placed.get(`${inventory.name}/${c.name}`)?.queries ?? [],
      })),
    )
    .sort(
      (a, b) =>
        a.inventory.name.localeCompare(b.inventory.name) ||
        a.cluster.localeCompare(b.cluster),
    );
}

/**
 * The mesh is the set of clusters with an istiod; each istiod should have
 * synced every one of them, itself included.
 */
function countSyncedMembers(clusters: MeshClusterStatus[]) {
  const members = clusters.filter(c => c.istiod.present).map(c => c.cluster);
  for (const c of clusters) {
    if (!c.istiod.present) continue;
    const synced = new Set(
      c.istiod.clusters.filter(r => r.syncStatus === 'synced').map(r => r.id),
    );
    c.istiod.expected = members.length;
    c.istiod.synced = members.filter(m => synced.has(m)).length;
    c.istiod.missing = members.filter(m => !synced.has(m));
  }
}

function injectionOf(ns: Json): MeshInjectionStatus['namespaces'][number] {
  const labels: Record<string, string> = ns.metadata.labels ?? {};
  const name = ns.metadata.name;
  if (labels['istio-injection'] === 'enabled') {
    return { name, enabled: true, label: 'istio-injection=enabled' };
  }
  if (labels['istio.io/rev'] && labels['istio-injection'] !== 'disabled') {
    return {
      name,
      enabled: true,
      label: `istio.io/rev=${labels['istio.io/rev']}`,
    };
  }
  return { name, enabled: false };
}

function describeIstiodFailure(error: unknown): string {
  if (error instanceof KarmadaApiError) {
    return error.statusCode === 404 || error.statusCode === 503
      ? `no istiod answers (HTTP ${error.statusCode})`
      : `istiod answered HTTP ${error.statusCode}`;
  }
  return describeRequestFailure(error);
}
