import {
  AffinitySummary,
  ClusterPlacement,
  PolicySummary,
} from '@multiregion/backstage-plugin-multicluster-common';

/**
 * The region ids of an affinity that selects clusters by region only, the
 * way the policy templates write it (`region=na`, `region in (na,eu)`).
 */
function regionsOf(affinity: AffinitySummary): string[] | undefined {
  if (
    affinity.clusterNames?.length ||
    affinity.exclude?.length ||
    affinity.labelSelector
  ) {
    return undefined;
  }
  const match = /^region(?:=([^,\s]+)| in \(([^)]*)\))$/.exec(
    affinity.fieldSelector ?? '',
  );
  return match ? (match[1] ?? match[2]).split(',') : undefined;
}

function inRegions(regions: string[]): string {
  return `clusters in region${regions.length === 1 ? '' : 's'} ${regions.join(
    ', ',
  )}`;
}

/** The clusters an affinity selects, in words. */
function target(affinity: AffinitySummary): string {
  if (affinity.clusterNames?.length) return affinity.clusterNames.join(', ');
  const regions = regionsOf(affinity);
  if (regions) return inRegions(regions);
  if (affinity.labelSelector) return `clusters with ${affinity.labelSelector}`;
  if (affinity.fieldSelector) return `clusters with ${affinity.fieldSelector}`;
  return 'all clusters';
}

/** Like `target`, but bare region ids: for lists such as weights. */
function shortTarget(affinity: AffinitySummary): string {
  return regionsOf(affinity)?.join(', ') ?? target(affinity);
}

/** Several affinities as one list, merging those that select regions. */
function targets(affinities: AffinitySummary[]): string {
  const regions = affinities.map(regionsOf);
  if (regions.every(r => r !== undefined)) {
    return inRegions(regions.flatMap(r => r!));
  }
  return affinities.map(target).join(', ');
}

function candidates(policy: PolicySummary, clusters: ClusterPlacement[]) {
  if (policy.affinities.length === 1) return target(policy.affinities[0]);
  // Without one affinity (none, or failover groups) the placed clusters
  // say best where the workload runs now.
  const placed = clusters.filter(
    c => c.assignedReplicas > 0 || policy.strategy === 'Duplicated',
  );
  return placed.length ? placed.map(c => c.cluster).join(', ') : 'no cluster';
}

function staticWeights(policy: PolicySummary): string {
  const weights = policy.staticWeights ?? [];
  // Equal weights are how templates ask for an even split.
  if (
    weights.length > 1 &&
    weights.every(w => w.weight === weights[0].weight)
  ) {
    return `Divided evenly across ${targets(weights.map(w => w.target))}`;
  }
  return `Divided by weight: ${weights
    .map(w => `${shortTarget(w.target)} ${w.weight}`)
    .join(', ')}`;
}

/** `AvailableReplicas` → `available replicas`. */
function words(identifier: string): string {
  return identifier.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * The placement policy in plain words, e.g. "Divided by weight: na 4, eu 1,
 * sea 1", "Duplicated to eu, sea" or "Primary na, failover to eu → sea;
 * divided by available replicas across na".
 */
export function describePolicy(
  policy: PolicySummary,
  clusters: ClusterPlacement[] = [],
): string {
  let text: string;
  switch (policy.strategy) {
    case 'Duplicated':
      text = `Duplicated to ${candidates(policy, clusters)}`;
      break;
    case 'DividedStaticWeight':
      text = staticWeights(policy);
      break;
    case 'DividedDynamicWeight':
      text = `Divided by ${words(
        policy.dynamicWeight ?? 'dynamic weight',
      )} across ${candidates(policy, clusters)}`;
      break;
    case 'DividedEvenly':
      text = `Divided evenly across ${candidates(policy, clusters)}`;
      break;
    case 'DividedAggregated':
      text = `Divided into as few clusters as fit, from ${candidates(
        policy,
        clusters,
      )}`;
      break;
    default:
      text = `Divided across ${candidates(policy, clusters)}`;
  }
  if (policy.affinities.length > 1) {
    // Ordered affinity groups: the scheduler uses the first that fits.
    const [primary, ...fallbacks] = policy.affinities.map(
      a => a.affinityName ?? shortTarget(a),
    );
    text = `Primary ${primary}, failover to ${fallbacks.join(' → ')}; ${text
      .charAt(0)
      .toLowerCase()}${text.slice(1)}`;
  }
  const spread = policy.spreadConstraints?.find(
    s => s.spreadByField === 'region',
  );
  if (spread) {
    const minimum = spread.minGroups ?? 1;
    text += `; at least ${minimum} region${minimum === 1 ? '' : 's'}`;
  }
  return text;
}
