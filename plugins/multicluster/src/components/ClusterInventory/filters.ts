import {
  ClusterSummary,
  ClustersResponse,
} from '@multiregion/backstage-plugin-multicluster-common';

/** Which clusters to show by their `Ready` condition. */
export type ReadinessFilter = 'all' | 'ready' | 'notReady';

export const READINESS_OPTIONS: Array<{
  value: ReadinessFilter;
  label: string;
}> = [
  { value: 'all', label: 'All' },
  { value: 'ready', label: 'Ready' },
  { value: 'notReady', label: 'Not ready' },
];

export interface ClusterFilter {
  /** A region id, or undefined for every region. */
  region?: string;
  readiness: ReadinessFilter;
}

export type RegionGroup = ClustersResponse['regions'][number];

/**
 * Reads the readiness filter from untrusted input (the URL): anything
 * unknown means no filter rather than an empty page.
 */
export function parseReadiness(value: unknown): ReadinessFilter {
  return READINESS_OPTIONS.some(option => option.value === value)
    ? (value as ReadinessFilter)
    : 'all';
}

/** Only a `Ready=True` condition counts: `Unknown` is not ready either. */
export function isClusterReady(cluster: ClusterSummary): boolean {
  return cluster.ready.status === 'True';
}

/**
 * The regions and clusters that match the filter, in the backend's order.
 * Regions left without a matching cluster are dropped.
 */
export function filterRegions(
  regions: RegionGroup[],
  filter: ClusterFilter,
): RegionGroup[] {
  return regions
    .filter(group => !filter.region || group.region.id === filter.region)
    .map(group => ({
      region: group.region,
      clusters: group.clusters.filter(cluster => {
        if (filter.readiness === 'ready') return isClusterReady(cluster);
        if (filter.readiness === 'notReady') return !isClusterReady(cluster);
        return true;
      }),
    }))
    .filter(group => group.clusters.length > 0);
}

/** Totals for the summary line above the region cards. */
export function countClusters(regions: RegionGroup[]) {
  const clusters = regions.flatMap(group => group.clusters);
  return {
    regions: regions.length,
    clusters: clusters.length,
    notReady: clusters.filter(cluster => !isClusterReady(cluster)).length,
  };
}
