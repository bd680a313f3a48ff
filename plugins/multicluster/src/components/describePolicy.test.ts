import { PolicySummary } from '@multiregion/backstage-plugin-multicluster-common';
import { describePolicy } from './describePolicy';

const base: PolicySummary = {
  kind: 'PropagationPolicy',
  name: 'hello',
  strategy: 'Duplicated',
  affinities: [],
  tolerations: [],
  overrides: [],
};

describe('describePolicy', () => {
  it('duplicated to the affinity clusters', () => {
    expect(
      describePolicy({
        ...base,
        affinities: [{ clusterNames: ['eu', 'sea'] }],
      }),
    ).toBe('Duplicated to eu, sea');
  });

  it('divided by static weight', () => {
    expect(
      describePolicy({
        ...base,
        strategy: 'DividedStaticWeight',
        staticWeights: [
          { target: { clusterNames: ['na'] }, weight: 4 },
          { target: { clusterNames: ['eu'] }, weight: 1 },
          { target: { clusterNames: ['sea'] }, weight: 1 },
        ],
      }),
    ).toBe('Divided by weight: na 4, eu 1, sea 1');
  });

  it('divided evenly across the chosen clusters', () => {
    expect(
      describePolicy({
        ...base,
        strategy: 'DividedEvenly',
        affinities: [{ clusterNames: ['na', 'sea'] }],
      }),
    ).toBe('Divided evenly across na, sea');
  });

  it('primary with failover order', () => {
    expect(
      describePolicy({
        ...base,
        affinities: [
          { affinityName: 'primary-na', clusterNames: ['na'] },
          { affinityName: 'backup-eu', clusterNames: ['eu'] },
        ],
      }),
    ).toBe('Duplicated to no cluster; failover order primary-na → backup-eu');
  });

  it('dynamic weight and label selectors', () => {
    expect(
      describePolicy({
        ...base,
        strategy: 'DividedDynamicWeight',
        dynamicWeight: 'AvailableReplicas',
        affinities: [{ labelSelector: 'tier=prod' }],
        spreadConstraints: [{ spreadByField: 'region', minGroups: 2 }],
      }),
    ).toBe(
      'Divided by AvailableReplicas across clusters with tier=prod; at least 2 regions',
    );
  });
});
