import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

export interface CacheOptions {
  cache: {
    pageSize: number;
    watchTimeoutSeconds: number;
    listTimeoutMs: number;
    backoffMinMs: number;
    backoffMaxMs: number;
  };
  entityCache: {
    ttlMs: number;
    maxEntries: number;
  };
  healthProbeMs: number;
  podsTimeoutMs: number;
}

/**
 * Refresh and timeout knobs (`multicluster.cache`, `multicluster.entityCache`,
 * `multicluster.timeouts`).
 */
export function readCacheOptions(config: Config): CacheOptions {
  const read = (key: string, fallback: number, minimum = Number.MIN_VALUE) => {
    const value = config.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value < minimum) {
      throw new InputError(
        `${key}: must be a ${
          minimum > 0 ? 'positive' : 'non-negative'
        } number, got ${value}`,
      );
    }
    return value;
  };
  const options = {
    cache: {
      pageSize: read('multicluster.cache.pageSize', 500),
      watchTimeoutSeconds: read('multicluster.cache.watchTimeoutSeconds', 300),
      listTimeoutMs: read('multicluster.cache.listTimeoutMs', 30_000),
      backoffMinMs: read('multicluster.cache.backoffMinMs', 1_000),
      backoffMaxMs: read('multicluster.cache.backoffMaxMs', 30_000),
    },
    entityCache: {
      ttlMs: read('multicluster.entityCache.ttlMs', 10_000, 0),
      maxEntries: read('multicluster.entityCache.maxEntries', 10_000),
    },
    healthProbeMs: read('multicluster.timeouts.healthProbeMs', 3_000),
    podsTimeoutMs: read('multicluster.timeouts.podsMs', 5_000),
  };
  if (options.cache.backoffMaxMs < options.cache.backoffMinMs) {
    throw new InputError(
      'multicluster.cache.backoffMaxMs: must not be smaller than backoffMinMs',
    );
  }
  return options;
}
