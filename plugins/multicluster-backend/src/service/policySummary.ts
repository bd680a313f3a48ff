import {
  AffinitySummary,
  PlacementStrategy,
  PolicySummary,
} from '@multiregion/backstage-plugin-multicluster-common';
import { formatRequirements, requirementsOf } from '../cache/labelSelector';
import { CachedBinding } from '../cache/resources';

type Json = any; // policy v1alpha1 Placement, as JSON

/**
 * Summarises the placement Karmada actually scheduled with (the binding's
 * copy of the policy's placement), in terms a service team can read.
 */
export function summarizePolicy(
  binding: CachedBinding,
  overrides: string[],
): PolicySummary | undefined {
  if (!binding.policy) {
    return undefined;
  }
  const placement: Json = binding.placement ?? {};
  const scheduling = placement.replicaScheduling;
  const strategy = strategyOf(scheduling);
  const application = binding.failover?.application;

  return {
    ...binding.policy,
    strategy,
    staticWeights:
      strategy === 'DividedStaticWeight'
        ? scheduling.weightPreference.staticWeightList.map((w: Json) => ({
            target: affinityOf(w.targetCluster),
            weight: w.weight,
          }))
        : undefined,
    dynamicWeight:
      strategy === 'DividedDynamicWeight'
        ? scheduling.weightPreference.dynamicWeight
        : undefined,
    spreadConstraints: placement.spreadConstraints?.map((c: Json) => ({
      spreadByField: c.spreadByField || undefined,
      spreadByLabel: c.spreadByLabel || undefined,
      minGroups: c.minGroups,
      maxGroups: c.maxGroups,
    })),
    affinities: affinitiesOf(placement),
    tolerations: (placement.clusterTolerations ?? []).map(
      (t: Json) =>
        `${t.key ?? '*'}${t.value ? `=${t.value}` : ''}:${t.effect ?? '*'}`,
    ),
    failover: application
      ? {
          decisionConditions: application.decisionConditions,
          purgeMode: application.purgeMode,
          gracePeriodSeconds: application.gracePeriodSeconds,
        }
      : undefined,
    overrides,
  };
}

function affinitiesOf(placement: Json): AffinitySummary[] {
  if (placement.clusterAffinities?.length) {
    return placement.clusterAffinities.map((a: Json) => affinityOf(a));
  }
  return placement.clusterAffinity
    ? [affinityOf(placement.clusterAffinity)]
    : [];
}

function strategyOf(scheduling: Json): PlacementStrategy {
  // Karmada treats a missing replicaScheduling as Duplicated.
  if (!scheduling || scheduling.replicaSchedulingType === 'Duplicated') {
    return 'Duplicated';
  }
  if (scheduling.replicaSchedulingType !== 'Divided') {
    return 'Unspecified';
  }
  if (scheduling.replicaDivisionPreference === 'Aggregated') {
    return 'DividedAggregated';
  }
  if (scheduling.replicaDivisionPreference === 'Weighted') {
    if (scheduling.weightPreference?.staticWeightList?.length) {
      return 'DividedStaticWeight';
    }
    if (scheduling.weightPreference?.dynamicWeight) {
      return 'DividedDynamicWeight';
    }
    return 'DividedEvenly';
  }
  return 'Divided';
}

function affinityOf(affinity: Json): AffinitySummary {
  const summary: AffinitySummary = {};
  if (affinity?.affinityName) summary.affinityName = affinity.affinityName;
  if (affinity?.clusterNames?.length)
    summary.clusterNames = affinity.clusterNames;
  if (affinity?.exclude?.length) summary.exclude = affinity.exclude;
  if (affinity?.labelSelector) {
    summary.labelSelector = formatRequirements(
      requirementsOf(affinity.labelSelector),
    );
  }
  if (affinity?.fieldSelector?.matchExpressions?.length) {
    summary.fieldSelector = formatRequirements(
      requirementsOf({
        matchExpressions: affinity.fieldSelector.matchExpressions,
      }),
    );
  }
  return summary;
}
