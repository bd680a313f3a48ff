import { buildPropagationPolicy, PolicyInput } from './buildPropagationPolicy';

const base: PolicyInput = {
  name: 'hello',
  namespace: 'shop',
  resourceSelectors: [
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello' },
  ],
  regions: ['na', 'eu', 'sea'],
  strategy: 'duplicated',
};
const region = (...values: string[]) => ({
  fieldSelector: {
    matchExpressions: [{ key: 'region', operator: 'In', values }],
  },
});

describe('buildPropagationPolicy', () => {
  it('duplicates to every chosen region through a region field selector', () => {
    const policy = buildPropagationPolicy(base);
    expect(policy).toMatchObject({
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: 'hello', namespace: 'shop' },
      spec: {
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello' },
        ],
        placement: {
          clusterAffinity: region('na', 'eu', 'sea'),
          replicaScheduling: { replicaSchedulingType: 'Duplicated' },
        },
      },
    });
  });

  it('divides evenly with equal static weights', () => {
    const { spec } = buildPropagationPolicy({
      ...base,
      strategy: 'divided-even',
    }) as any;
    expect(spec.placement.replicaScheduling).toEqual({
      replicaSchedulingType: 'Divided',
      replicaDivisionPreference: 'Weighted',
      weightPreference: {
        staticWeightList: [
          { targetCluster: region('na'), weight: 1 },
          { targetCluster: region('eu'), weight: 1 },
          { targetCluster: region('sea'), weight: 1 },
        ],
      },
    });
  });

  it('weights clusters by name when clusters are chosen', () => {
    const { spec } = buildPropagationPolicy({
      ...base,
      regions: undefined,
      clusters: ['na', 'eu'],
      strategy: 'weighted',
      weights: { na: 4, eu: 1 },
    }) as any;
    expect(spec.placement.clusterAffinity).toEqual({
      clusterNames: ['na', 'eu'],
    });
    expect(
      spec.placement.replicaScheduling.weightPreference.staticWeightList,
    ).toEqual([
      { targetCluster: { clusterNames: ['na'] }, weight: 4 },
      { targetCluster: { clusterNames: ['eu'] }, weight: 1 },
    ]);
  });

  it('orders affinity groups for primary with failover, plus application failover', () => {
    const { spec } = buildPropagationPolicy({
      ...base,
      regions: ['eu', 'na'],
      strategy: 'primary-failover',
      failover: {
        tolerationSeconds: 60,
        purgeMode: 'Gracefully',
        gracePeriodSeconds: 600,
      },
    }) as any;
    expect(spec.placement.clusterAffinities).toEqual([
      { affinityName: 'eu', ...region('eu') },
      { affinityName: 'na', ...region('na') },
    ]);
    expect(spec.placement.replicaScheduling.weightPreference).toEqual({
      dynamicWeight: 'AvailableReplicas',
    });
    expect(spec.failover).toEqual({
      application: {
        decisionConditions: { tolerationSeconds: 60 },
        purgeMode: 'Gracefully',
        gracePeriodSeconds: 600,
      },
    });
  });

  it.each([
    [{ regions: [] }, /^regions: choose at least one region/],
    [{ regions: ['eu', 'eu'] }, /^regions: 'eu' is listed twice/],
    [{ clusters: ['na'] }, /^regions: give regions or clusters, not both/],
    [
      { strategy: 'weighted', weights: { na: 2, eu: 1 } },
      /^weights\.sea: needs a whole number/,
    ],
    [
      { strategy: 'weighted', weights: { na: 1, eu: 1, sea: 1, mars: 1 } },
      /^weights\.mars: not one of the chosen regions/,
    ],
    [
      { spreadConstraints: [{ spreadByField: 'region', minGroups: 2 }] },
      /^spreadConstraints: spreading by region.*needs a 'cluster' constraint/,
    ],
    [
      { failover: { tolerationSeconds: 1, purgeMode: 'Gracefully' } },
      /^failover\.gracePeriodSeconds: required/,
    ],
    [
      { resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }] },
      /^resourceSelectors: Service needs a name or a labelSelector/,
    ],
  ] as Array<[Partial<PolicyInput>, RegExp]>)(
    'refuses %j naming the field',
    (change, message) => {
      expect(() => buildPropagationPolicy({ ...base, ...change })).toThrow(
        message,
      );
    },
  );
});
