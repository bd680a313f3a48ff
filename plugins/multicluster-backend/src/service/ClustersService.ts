import {
  ClusterSummary,
  ClustersResponse,
} from '@multiregion/backstage-plugin-multicluster-common';
import { InventoryService } from './InventoryService';
import { Regions } from './regions';

/** `GET /clusters`: every member cluster of every instance, by region. */
export class ClustersService {
  constructor(
    private readonly inventory: InventoryService,
    private readonly regions: Regions,
  ) {}

  listClusters(): ClustersResponse {
    const inventories = this.inventory.all();
    const byRegion = new Map<string, ClusterSummary[]>();
    for (const inventory of inventories) {
      for (const cluster of inventory.clusters.values()) {
        const list = byRegion.get(cluster.region) ?? [];
        list.push({ ...cluster, karmada: inventory.name });
        byRegion.set(cluster.region, list);
      }
    }
    const regions = [...byRegion.keys()].sort(this.regions.compare).map(id => ({
      region: this.regions.get(id),
      clusters: byRegion.get(id)!.sort((a, b) => a.name.localeCompare(b.name)),
    }));
    return { regions, ...this.inventory.freshness(inventories) };
  }
}
