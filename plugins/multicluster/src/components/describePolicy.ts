import {
  AffinitySummary,
  ClusterPlacement,
  PolicySummary,
} from '@multiregion/backstage-plugin-multicluster-common';

function target(affinity: AffinitySummary): string {
  if (affinity.clusterNames?.length) return affinity.clusterNames.join(', ');
  if (affinity.labelSelector) return `clusters with ${affinity.labelSelector}`;
  if (affinity.fieldSelector) return `clusters with ${affinity.fieldSelector}`;
  return 'all clusters';
}

function candidates(policy: PolicySummary, clusters: ClusterPlacement[]) {
  if (policy.affinities.length === 1) return target(policy.affinities[0]);
  const placed = clusters.filter(
    c => c.assignedReplicas > 0 || policy.strategy === 'Duplicated',
  );
  return placed.length ? placed.map(c => c.cluster).join(', ') : 'no cluster';
}

/**
 * The placement policy in plain words, e.g. "Divided by weight: na 4, eu 1,
 * sea 1" or "Duplicated to eu, sea".
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
      text = `Divided by weight: ${(policy.staticWeights ?? [])
        .map(w => `${target(w.target)} ${w.weight}`)
        .join(', ')}`;
      break;
    case 'DividedDynamicWeight':
      text = `Divided by ${
        policy.dynamicWeight ?? 'dynamic weight'
      } across ${candidates(policy, clusters)}`;
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
    text += `; failover order ${policy.affinities
      .map(a => a.affinityName ?? target(a))
      .join(' → ')}`;
  }
  const spread = policy.spreadConstraints?.find(
    s => s.spreadByField === 'region',
  );
  if (spread) {
    text += `; at least ${spread.minGroups ?? 1} region${
      spread.minGroups === 1 ? '' : 's'
    }`;
  }
  return text;
}
