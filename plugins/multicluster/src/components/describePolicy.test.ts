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

/** How the backend summarises the templates' per-region affinities. */
const region = (id: string) => ({ fieldSelector: `region=${id}` });

describe('describePolicy', () => {
  it('duplicated to the affinity clusters', () => {
    expect(
      describePolicy({
        ...base,
        affinities: [{ clusterNames: ['eu', 'sea'] }],
      }),
    ).toBe('Duplicated to eu, sea');
  });

  it('duplicated to the clusters of regions', () => {
    expect(
      describePolicy({
        ...base,
        affinities: [{ fieldSelector: 'region in (eu,sea)' }],
      }),
    ).toBe('Duplicated to clusters in regions eu, sea');
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

  it('divided by static weight per region', () => {
    expect(
      describePolicy({
        ...base,
        strategy: 'DividedStaticWeight',
        staticWeights: [
          { target: region('na'), weight: 4 },
          { target: region('eu'), weight: 1 },
          { target: region('sea'), weight: 1 },
        ],
        affinities: [{ fieldSelector: 'region in (na,eu,sea)' }],
      }),
    ).toBe('Divided by weight: na 4, eu 1, sea 1');
  });

  it('equal static weights per region divide evenly', () => {
    expect(
      describePolicy({
        ...base,
        strategy: 'DividedStaticWeight',
        staticWeights: [
          { target: region('na'), weight: 1 },
          { target: region('sea'), weight: 1 },
        ],
        affinities: [{ fieldSelector: 'region in (na,sea)' }],
      }),
    ).toBe('Divided evenly across clusters in regions na, sea');
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

  it('primary region with failover order, and where it runs now', () => {
    expect(
      describePolicy(
        {
          ...base,
          strategy: 'DividedDynamicWeight',
          dynamicWeight: 'AvailableReplicas',
          affinities: [
            { affinityName: 'na', ...region('na') },
            { affinityName: 'eu', ...region('eu') },
            { affinityName: 'sea', ...region('sea') },
          ],
        },
        [
          {
            cluster: 'na',
            region: 'na',
            assignedReplicas: 6,
            health: 'Healthy',
            clusterReady: 'True',
          },
        ],
      ),
    ).toBe(
      'Primary na, failover to eu → sea; divided by available replicas across na',
    );
  });

  it('failover groups that have not been scheduled yet', () => {
    expect(
      describePolicy({
        ...base,
        affinities: [
          { affinityName: 'primary-na', clusterNames: ['na'] },
          { clusterNames: ['eu'] },
        ],
      }),
    ).toBe('Primary primary-na, failover to eu; duplicated to no cluster');
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
      'Divided by available replicas across clusters with tier=prod; at least 2 regions',
    );
  });

  it('field selectors on other fields stay as written', () => {
    expect(
      describePolicy({
        ...base,
        affinities: [{ fieldSelector: 'provider=aws' }],
        spreadConstraints: [{ spreadByField: 'region' }],
      }),
    ).toBe('Duplicated to clusters with provider=aws; at least 1 region');
  });
});
