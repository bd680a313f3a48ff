import { InputError } from '@backstage/errors';
import { KubernetesObject } from '../kube/objects';

export type PlacementStrategy =
  | 'duplicated'
  | 'divided-even'
  | 'weighted'
  | 'primary-failover';

export interface ResourceSelectorInput {
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  labelSelector?: { matchLabels?: Record<string, string> };
}

export interface SpreadConstraintInput {
  spreadByField: 'cluster' | 'region' | 'zone' | 'provider';
  minGroups?: number;
  maxGroups?: number;
}

export interface PolicyInput {
  name: string;
  namespace: string;
  resourceSelectors: ResourceSelectorInput[];
  /** Target regions; for primary-failover, in failover order. */
  regions?: string[];
  /** Target clusters instead of regions; for primary-failover, in order. */
  clusters?: string[];
  strategy: PlacementStrategy;
  /** weighted: a weight per chosen region or cluster. */
  weights?: Record<string, number>;
  spreadConstraints?: SpreadConstraintInput[];
  failover?: {
    tolerationSeconds: number;
    purgeMode: 'Directly' | 'Gracefully' | 'Never';
    gracePeriodSeconds?: number;
  };
  labels?: Record<string, string>;
}

/**
 * Translates high-level placement inputs into a Karmada
 * `policy.karmada.io/v1alpha1` PropagationPolicy. Regions become cluster
 * field selectors on `region` (Karmada's `Cluster.spec.region`), so clusters
 * added to a region later are picked up without editing the policy.
 */
export function buildPropagationPolicy(input: PolicyInput): KubernetesObject {
  const targets = targetsOf(input);
  const spec: Record<string, unknown> = {
    resourceSelectors: input.resourceSelectors.map(selectorOf),
    placement: {
      ...placementOf(input, targets),
      ...(input.spreadConstraints?.length
        ? { spreadConstraints: spreadOf(input.spreadConstraints) }
        : {}),
    },
  };
  if (input.failover) {
    if (
      input.failover.purgeMode === 'Gracefully' &&
      !input.failover.gracePeriodSeconds
    ) {
      throw new InputError(
        'failover.gracePeriodSeconds: required when purgeMode is Gracefully',
      );
    }
    spec.failover = {
      application: {
        decisionConditions: {
          tolerationSeconds: input.failover.tolerationSeconds,
        },
        purgeMode: input.failover.purgeMode,
        ...(input.failover.gracePeriodSeconds
          ? { gracePeriodSeconds: input.failover.gracePeriodSeconds }
          : {}),
      },
    };
  }
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      ...(input.labels && Object.keys(input.labels).length
        ? { labels: input.labels }
        : {}),
    },
    spec,
  };
}

interface Targets {
  field: 'regions' | 'clusters';
  values: string[];
}

function targetsOf(input: PolicyInput): Targets {
  const regions = input.regions ?? [];
  const clusters = input.clusters ?? [];
  if (regions.length && clusters.length) {
    throw new InputError('regions: give regions or clusters, not both');
  }
  if (!regions.length && !clusters.length) {
    throw new InputError('regions: choose at least one region (or clusters)');
  }
  const targets: Targets = regions.length
    ? { field: 'regions', values: regions }
    : { field: 'clusters', values: clusters };
  const duplicate = targets.values.find(
    (v, i) => targets.values.indexOf(v) !== i,
  );
  if (duplicate) {
    throw new InputError(`${targets.field}: '${duplicate}' is listed twice`);
  }
  return targets;
}

/** A ClusterAffinity selecting the given targets. */
function affinityOf(field: Targets['field'], values: string[]) {
  return field === 'clusters'
    ? { clusterNames: values }
    : {
        fieldSelector: {
          matchExpressions: [{ key: 'region', operator: 'In', values }],
        },
      };
}

function placementOf(input: PolicyInput, targets: Targets) {
  const { field, values } = targets;
  switch (input.strategy) {
    case 'duplicated':
      return {
        clusterAffinity: affinityOf(field, values),
        replicaScheduling: { replicaSchedulingType: 'Duplicated' },
      };
    case 'divided-even':
      // Equal static weights: each selected cluster gets the same share.
      return {
        clusterAffinity: affinityOf(field, values),
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Weighted',
          weightPreference: {
            staticWeightList: values.map(v => ({
              targetCluster: affinityOf(field, [v]),
              weight: 1,
            })),
          },
        },
      };
    case 'weighted': {
      const weights = input.weights ?? {};
      const unknown = Object.keys(weights).find(k => !values.includes(k));
      if (unknown) {
        throw new InputError(
          `weights.${unknown}: not one of the chosen ${field} (${values.join(
            ', ',
          )})`,
        );
      }
      return {
        clusterAffinity: affinityOf(field, values),
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Weighted',
          weightPreference: {
            staticWeightList: values.map(v => {
              const weight = weights[v];
              if (!Number.isInteger(weight) || weight < 1) {
                throw new InputError(
                  `weights.${v}: needs a whole number of at least 1 for every chosen ${field.slice(
                    0,
                    -1,
                  )}`,
                );
              }
              return { targetCluster: affinityOf(field, [v]), weight };
            }),
          },
        },
      };
    }
    case 'primary-failover':
      // Ordered affinity groups: the scheduler uses the first group that
      // fits and moves to the next when it no longer does.
      return {
        clusterAffinities: values.map(v => ({
          affinityName: v,
          ...affinityOf(field, [v]),
        })),
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Weighted',
          weightPreference: { dynamicWeight: 'AvailableReplicas' },
        },
      };
    default:
      throw new InputError(
        `strategy: '${input.strategy}' is not one of duplicated, divided-even, weighted, primary-failover`,
      );
  }
}

function selectorOf(selector: ResourceSelectorInput) {
  if (!selector.name && !selector.labelSelector) {
    // Karmada accepts this (all objects of the kind), but a template
    // almost never means it.
    throw new InputError(
      `resourceSelectors: ${selector.kind} needs a name or a labelSelector`,
    );
  }
  return {
    apiVersion: selector.apiVersion,
    kind: selector.kind,
    ...(selector.name ? { name: selector.name } : {}),
    ...(selector.namespace ? { namespace: selector.namespace } : {}),
    ...(selector.labelSelector
      ? { labelSelector: selector.labelSelector }
      : {}),
  };
}

function spreadOf(constraints: SpreadConstraintInput[]) {
  const fields = constraints.map(c => c.spreadByField);
  if (fields.some(f => f !== 'cluster') && !fields.includes('cluster')) {
    // Karmada's validation: region/zone/provider spread needs a cluster one.
    throw new InputError(
      "spreadConstraints: spreading by region, zone or provider also needs a 'cluster' constraint",
    );
  }
  return constraints.map(c => {
    if (
      c.maxGroups !== undefined &&
      c.minGroups !== undefined &&
      c.maxGroups < c.minGroups
    ) {
      throw new InputError(
        `spreadConstraints: ${c.spreadByField} maxGroups is lower than minGroups`,
      );
    }
    return {
      spreadByField: c.spreadByField,
      ...(c.minGroups !== undefined ? { minGroups: c.minGroups } : {}),
      ...(c.maxGroups !== undefined ? { maxGroups: c.maxGroups } : {}),
    };
  });
}
