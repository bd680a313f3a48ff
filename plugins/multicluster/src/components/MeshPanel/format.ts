import {
  MeshEndpointGroup,
  MeshPolicyDrift,
  MeshPolicyObject,
  MeshTrafficEdge,
} from '@multiregion/backstage-plugin-multicluster-common';

/** Region id → display title, from the placement's region catalog. */
export type RegionTitles = Record<string, string>;

/** `North America (na)`, or the bare id when no title is known. */
export function regionLabel(region: string, titles: RegionTitles): string {
  const title = titles[region];
  return title && title !== region ? `${title} (${region})` : region;
}

/** `na (North America)`: a cluster and where it is, for matrix headers. */
export function clusterLabel(
  cluster: string,
  region: string | undefined,
  titles: RegionTitles,
): string {
  if (!region) return cluster;
  const where = titles[region] ?? region;
  return where === cluster ? cluster : `${cluster} (${where})`;
}

/** `12.3 req/s · 0.0% err · p95 9 ms`; p95 left out without samples. */
export function formatEdge(edge: MeshTrafficEdge): string {
  const parts = [
    `${edge.requestsPerSecond.toFixed(1)} req/s`,
    `${(edge.errorRatio * 100).toFixed(1)}% err`,
  ];
  if (edge.p95Ms !== undefined) {
    parts.push(`p95 ${Math.round(edge.p95Ms)} ms`);
  }
  return parts.join(' · ');
}

export interface EndpointTotals {
  total: number;
  healthy: number;
  /** Per cluster the endpoints live in, in the order the backend lists them. */
  bySource: Array<{ cluster: string; total: number }>;
}

/** Sums an observer's endpoint groups (several hosts may share a cluster). */
export function endpointTotals(groups: MeshEndpointGroup[]): EndpointTotals {
  const bySource = new Map<string, number>();
  let total = 0;
  let healthy = 0;
  for (const g of groups) {
    total += g.total;
    healthy += g.healthy;
    bySource.set(g.cluster, (bySource.get(g.cluster) ?? 0) + g.total);
  }
  return {
    total,
    healthy,
    bySource: [...bySource].map(([cluster, n]) => ({ cluster, total: n })),
  };
}

/** `failover na→eu, eu→sea`, `distribute` or `no locality LB`. */
export function describeLocalityLb(policy: MeshPolicyObject): string {
  const lb = policy.localityLb;
  if (!lb) return 'no locality LB';
  if (!lb.enabled) return 'locality LB off';
  const parts: string[] = [];
  if (lb.failover.length > 0) {
    parts.push(
      `failover ${lb.failover.map(f => `${f.from}→${f.to}`).join(', ')}`,
    );
  }
  if (lb.failoverPriority.length > 0) {
    parts.push(`failover priority ${lb.failoverPriority.join(', ')}`);
  }
  if (lb.distribute.length > 0) {
    parts.push('distribute');
  }
  // Enabled without settings: Envoy prefers the nearest locality.
  return parts.length > 0 ? parts.join('; ') : 'locality LB, nearest first';
}

function sameObject(
  drift: MeshPolicyDrift,
  object: Pick<MeshPolicyObject, 'kind' | 'namespace' | 'name'>,
): boolean {
  return (
    drift.kind === object.kind &&
    drift.namespace === object.namespace &&
    drift.name === object.name
  );
}

/** Whether the copies of this object differ between primaries. */
export function isDrifting(
  drift: MeshPolicyDrift[],
  object: MeshPolicyObject,
): boolean {
  return drift.some(d => sameObject(d, object));
}

/** Drifting objects that other primaries hold but `cluster` lacks. */
export function missingIn(
  drift: MeshPolicyDrift[],
  cluster: string,
): MeshPolicyDrift[] {
  return drift.filter(d =>
    d.versions.some(
      v => v.specHash === 'missing' && v.clusters.includes(cluster),
    ),
  );
}
