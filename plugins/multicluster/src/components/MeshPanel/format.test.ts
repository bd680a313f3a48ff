import { MeshPolicyObject } from '@multiregion/backstage-plugin-multicluster-common';
import { failoverRule, mesh } from '../../__testUtils__/mesh';
import {
  clusterLabel,
  describeLocalityLb,
  endpointTotals,
  formatEdge,
  isDrifting,
  missingIn,
  regionLabel,
} from './format';

const titles = { na: 'North America' };

const edge = {
  sourceCluster: 'na',
  sourceRegion: 'na',
  destinationCluster: 'eu',
  destinationRegion: 'eu',
};

function withLb(
  localityLb: Partial<NonNullable<MeshPolicyObject['localityLb']>>,
): MeshPolicyObject {
  return {
    ...failoverRule,
    localityLb: {
      enabled: true,
      failover: [],
      failoverPriority: [],
      distribute: [],
      ...localityLb,
    },
  };
}

describe('formatEdge', () => {
  it('rounds rates and error share to one decimal, p95 to whole ms', () => {
    expect(
      formatEdge({
        ...edge,
        requestsPerSecond: 12.34,
        errorRatio: 0.0123,
        p95Ms: 9.6,
      }),
    ).toBe('12.3 req/s · 1.2% err · p95 10 ms');
  });

  it('leaves p95 out without samples', () => {
    expect(formatEdge({ ...edge, requestsPerSecond: 3, errorRatio: 0 })).toBe(
      '3.0 req/s · 0.0% err',
    );
  });
});

describe('labels', () => {
  it('names a region by its title and id, or its id alone', () => {
    expect(regionLabel('na', titles)).toBe('North America (na)');
    expect(regionLabel('sea', titles)).toBe('sea');
  });

  it('names a cluster with its region unless they are the same', () => {
    expect(clusterLabel('na', 'na', titles)).toBe('na (North America)');
    expect(clusterLabel('sea-1', 'sea', titles)).toBe('sea-1 (sea)');
    expect(clusterLabel('sea', 'sea', titles)).toBe('sea');
    expect(clusterLabel('x', undefined, titles)).toBe('x');
  });
});

describe('endpointTotals', () => {
  it('sums endpoints per source cluster, across hosts', () => {
    const [na] = mesh.clusters;
    const other = { ...na.endpoints[0], host: 'other', total: 2, healthy: 1 };
    expect(endpointTotals([...na.endpoints, other])).toEqual({
      total: 8,
      healthy: 7,
      bySource: [
        { cluster: 'na', total: 6 },
        { cluster: 'eu', total: 1 },
        { cluster: 'sea', total: 1 },
      ],
    });
  });
});

describe('describeLocalityLb', () => {
  it.each<[string, MeshPolicyObject, string]>([
    ['failover', failoverRule, 'failover na→eu, eu→sea'],
    [
      'distribute',
      withLb({
        distribute: [{ from: 'na/*', to: { 'na/*': 80, 'eu/*': 20 } }],
      }),
      'distribute',
    ],
    [
      'failover priority',
      withLb({ failoverPriority: ['topology.istio.io/network'] }),
      'failover priority topology.istio.io/network',
    ],
    ['enabled alone', withLb({}), 'locality LB, nearest first'],
    ['disabled', withLb({ enabled: false }), 'locality LB off'],
    ['absent', { ...failoverRule, localityLb: undefined }, 'no locality LB'],
  ])('says %s', (_name, policy, words) => {
    expect(describeLocalityLb(policy)).toBe(words);
  });
});

describe('drift', () => {
  it('finds drifting objects and those a cluster lacks', () => {
    expect(isDrifting(mesh.drift, failoverRule)).toBe(true);
    expect(isDrifting(mesh.drift, { ...failoverRule, name: 'other' })).toBe(
      false,
    );
    expect(missingIn(mesh.drift, 'sea')).toEqual(mesh.drift);
    expect(missingIn(mesh.drift, 'na')).toEqual([]);
  });
});
