import {
  countClusters,
  filterRegions,
  isClusterReady,
  parseReadiness,
} from './filters';
import { clusters } from '../../__testUtils__/clusters';

const names = (regions: ReturnType<typeof filterRegions>) =>
  regions.map(group => [group.region.id, group.clusters.map(c => c.name)]);

describe('filterRegions', () => {
  it('keeps everything without a filter', () => {
    expect(
      names(filterRegions(clusters.regions, { readiness: 'all' })),
    ).toEqual([
      ['na', ['na-1', 'na-2']],
      ['eu', ['eu-1']],
      ['sea', ['sea-1']],
    ]);
  });

  it('keeps only the chosen region', () => {
    expect(
      names(
        filterRegions(clusters.regions, { region: 'eu', readiness: 'all' }),
      ),
    ).toEqual([['eu', ['eu-1']]]);
  });

  it('keeps only ready clusters, dropping regions left empty', () => {
    expect(
      names(filterRegions(clusters.regions, { readiness: 'ready' })),
    ).toEqual([
      ['na', ['na-1', 'na-2']],
      ['eu', ['eu-1']],
    ]);
  });

  it('keeps only clusters that are not ready', () => {
    expect(
      names(filterRegions(clusters.regions, { readiness: 'notReady' })),
    ).toEqual([['sea', ['sea-1']]]);
  });

  it('combines region and readiness', () => {
    expect(
      filterRegions(clusters.regions, { region: 'na', readiness: 'notReady' }),
    ).toEqual([]);
  });
});

describe('isClusterReady', () => {
  it('treats an Unknown condition as not ready', () => {
    const [na1] = clusters.regions[0].clusters;
    expect(isClusterReady(na1)).toBe(true);
    expect(isClusterReady({ ...na1, ready: { status: 'Unknown' } })).toBe(
      false,
    );
  });
});

describe('parseReadiness', () => {
  it('accepts the known values and falls back to all', () => {
    expect(parseReadiness('notReady')).toBe('notReady');
    expect(parseReadiness('ready')).toBe('ready');
    expect(parseReadiness('bogus')).toBe('all');
    expect(parseReadiness(undefined)).toBe('all');
    expect(parseReadiness(['ready'])).toBe('all');
  });
});

describe('countClusters', () => {
  it('counts regions, clusters and the clusters that are not ready', () => {
    expect(countClusters(clusters.regions)).toEqual({
      regions: 3,
      clusters: 4,
      notReady: 1,
    });
  });
});
