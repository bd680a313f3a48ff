import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ClusterError,
  ClusterPlacement,
  PlacementResponse,
  RegionPlacement,
  WorkloadPlacement,
} from '@multiregion/backstage-plugin-multicluster-common';
import { KarmadaInventory } from '../cache/KarmadaInventory';
import { matchesLabels, requirementsOf } from '../cache/labelSelector';
import { CachedBinding, CachedWorkload } from '../cache/resources';
import { entitySelectorOf } from './entitySelector';
import { InventoryService } from './InventoryService';
import { summarizePolicy } from './policySummary';
import { Regions } from './regions';

/** A workload of an entity, found in one Karmada instance's cache. */
export interface EntityWorkload {
  inventory: KarmadaInventory;
  workload: CachedWorkload;
  binding?: CachedBinding;
}

/**
 * `GET /entities/.../placement`: where the entity's workloads run, per
 * cluster and per region, answered from the watch caches alone.
 */
export class PlacementService {
  constructor(
    private readonly inventory: InventoryService,
    private readonly regions: Regions,
  ) {}

  /** The entity's workload templates and their bindings, in every instance consulted. */
  findWorkloads(entity: Entity): EntityWorkload[] {
    const { requirements, namespace } = entitySelectorOf(entity);
    const found: EntityWorkload[] = [];
    for (const inventory of this.inventory.forEntity(entity)) {
      for (const workload of inventory.workloadsMatching(requirements)) {
        if (namespace && workload.namespace !== namespace) continue;
        found.push({
          inventory,
          workload,
          binding: inventory.bindingFor(workload),
        });
      }
    }
    return found.sort(
      (a, b) =>
        a.inventory.name.localeCompare(b.inventory.name) ||
        a.workload.namespace.localeCompare(b.workload.namespace) ||
        a.workload.kind.localeCompare(b.workload.kind) ||
        a.workload.name.localeCompare(b.workload.name),
    );
  }

  getPlacement(entity: Entity): PlacementResponse {
    const { labelSelector, namespace } = entitySelectorOf(entity);
    const errors = new Map<string, ClusterError>();
    const workloads = this.findWorkloads(entity).map(found =>
      this.describe(found, errors),
    );
    return {
      entityRef: stringifyEntityRef(entity),
      labelSelector,
      namespace,
      workloads,
      regions: this.rollUp(workloads),
      errors: [...errors.values()],
      ...this.inventory.freshness(this.inventory.forEntity(entity)),
    };
  }

  private describe(
    { inventory, workload, binding }: EntityWorkload,
    errors: Map<string, ClusterError>,
  ): WorkloadPlacement {
    const overrides = [...inventory.overridePolicies.values()]
      .filter(
        p =>
          p.namespace === workload.namespace &&
          p.resourceSelectors.some(s => selects(s, workload)),
      )
      .map(p => p.name)
      .sort();

    const clusters: ClusterPlacement[] = [];
    if (binding) {
      const names = new Set([
        ...binding.clusters.map(c => c.name),
        ...binding.aggregatedStatus.map(a => a.clusterName),
      ]);
      for (const name of names) {
        const cluster = inventory.clusters.get(name);
        const status = binding.aggregatedStatus.find(
          a => a.clusterName === name,
        );
        const placement: ClusterPlacement = {
          cluster: name,
          region: cluster?.region ?? 'unassigned',
          assignedReplicas:
            binding.clusters.find(c => c.name === name)?.replicas ?? 0,
          replicas: status?.replicas,
          readyReplicas: status?.readyReplicas,
          availableReplicas: status?.availableReplicas,
          updatedReplicas: status?.updatedReplicas,
          health: healthOf(status?.health),
          applied: status?.applied,
          appliedMessage: status?.appliedMessage,
          clusterReady: cluster?.ready.status ?? 'Unknown',
        };
        clusters.push(placement);
        recordErrors(placement, cluster?.ready.message, errors);
      }
      clusters.sort(
        (a, b) =>
          this.regions.compare(a.region, b.region) ||
          a.cluster.localeCompare(b.cluster),
      );
    }

    return {
      karmada: inventory.name,
      apiVersion: workload.apiVersion,
      kind: workload.kind,
      namespace: workload.namespace,
      name: workload.name,
      desiredReplicas: binding?.replicas ?? workload.replicas,
      binding: binding && {
        name: binding.name,
        namespace: binding.namespace ?? '',
        scheduled: binding.scheduled,
        fullyApplied: binding.fullyApplied,
      },
      policy: binding ? summarizePolicy(binding, overrides) : undefined,
      clusters,
    };
  }

  private rollUp(workloads: WorkloadPlacement[]): RegionPlacement[] {
    const byRegion = new Map<
      string,
      {
        clusters: Set<string>;
        assigned: number;
        ready: number;
        reported: boolean;
      }
    >();
    for (const workload of workloads) {
      for (const c of workload.clusters) {
        const region = byRegion.get(c.region) ?? {
          clusters: new Set<string>(),
          assigned: 0,
          ready: 0,
          reported: false,
        };
        region.clusters.add(c.cluster);
        region.assigned += c.assignedReplicas;
        region.ready += c.readyReplicas ?? 0;
        region.reported ||= c.readyReplicas !== undefined;
        byRegion.set(c.region, region);
      }
    }
    return [...byRegion.keys()].sort(this.regions.compare).map(id => {
      const r = byRegion.get(id)!;
      let health: RegionPlacement['health'] = 'Unknown';
      if (r.reported || r.assigned > 0) {
        if (r.ready >= r.assigned && r.reported) health = 'Healthy';
        else if (r.ready === 0) health = 'Unhealthy';
        else health = 'Degraded';
      }
      return {
        region: this.regions.get(id),
        clusters: [...r.clusters].sort(),
        assignedReplicas: r.assigned,
        readyReplicas: r.ready,
        health,
      };
    });
  }
}

function selects(
  selector: {
    apiVersion: string;
    kind: string;
    name?: string;
    namespace?: string;
    labelSelector?: Parameters<typeof requirementsOf>[0];
  },
  workload: CachedWorkload,
): boolean {
  return (
    selector.apiVersion === workload.apiVersion &&
    selector.kind === workload.kind &&
    (!selector.namespace || selector.namespace === workload.namespace) &&
    (!selector.name || selector.name === workload.name) &&
    matchesLabels(requirementsOf(selector.labelSelector), workload.labels)
  );
}

function healthOf(health: string | undefined): ClusterPlacement['health'] {
  return health === 'Healthy' || health === 'Unhealthy' ? health : 'Unknown';
}

function recordErrors(
  placement: ClusterPlacement,
  clusterMessage: string | undefined,
  errors: Map<string, ClusterError>,
) {
  if (errors.has(placement.cluster)) {
    return;
  }
  if (placement.clusterReady !== 'True') {
    errors.set(placement.cluster, {
      cluster: placement.cluster,
      errorType: 'SYSTEM_ERROR',
      message: `cluster is not ready${
        clusterMessage ? `: ${clusterMessage}` : ''
      }`,
    });
  } else if (placement.applied === false) {
    errors.set(placement.cluster, {
      cluster: placement.cluster,
      errorType: 'SYSTEM_ERROR',
      message: `not applied: ${placement.appliedMessage ?? 'no reason given'}`,
    });
  }
}
