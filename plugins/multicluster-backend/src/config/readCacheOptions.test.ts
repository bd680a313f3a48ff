import { ConfigReader } from '@backstage/config';
import { readCacheOptions } from './readCacheOptions';

const read = (multicluster: object) =>
  readCacheOptions(new ConfigReader({ multicluster }));

describe('readCacheOptions', () => {
  it('has defaults for every knob', () => {
    expect(read({})).toEqual({
      cache: {
        pageSize: 500,
        watchTimeoutSeconds: 300,
        listTimeoutMs: 30_000,
        backoffMinMs: 1_000,
        backoffMaxMs: 30_000,
      },
      entityCache: { ttlMs: 5_000, maxEntries: 10_000 },
      healthProbeMs: 3_000,
      podsTimeoutMs: 5_000,
    });
  });

  it('turns the entity cache off with a TTL of 0', () => {
    expect(read({ entityCache: { ttlMs: 0 } }).entityCache.ttlMs).toBe(0);
  });

  it('names the field of a bad value', () => {
    expect(() => read({ entityCache: { ttlMs: -1 } })).toThrow(
      'multicluster.entityCache.ttlMs: must be a non-negative number, got -1',
    );
    expect(() => read({ entityCache: { maxEntries: 0 } })).toThrow(
      'multicluster.entityCache.maxEntries: must be a positive integer, got 0',
    );
    expect(() => read({ entityCache: { maxEntries: 0.5 } })).toThrow(
      'multicluster.entityCache.maxEntries: must be a positive integer, got 0.5',
    );
    expect(() => read({ timeouts: { podsMs: 0 } })).toThrow(
      'multicluster.timeouts.podsMs: must be a positive number, got 0',
    );
    expect(() =>
      read({ cache: { backoffMinMs: 500, backoffMaxMs: 100 } }),
    ).toThrow('multicluster.cache.backoffMaxMs');
  });
});
