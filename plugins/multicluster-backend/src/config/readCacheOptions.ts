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
  /** A positive number (or 0 with `allowZero`), an integer with `integer`. */
  const read = (
    key: string,
    fallback: number,
    { allowZero = false, integer = false } = {},
  ) => {
    const value = config.getOptionalNumber(key) ?? fallback;
    const valid =
      Number.isFinite(value) &&
      (allowZero ? value >= 0 : value > 0) &&
      (!integer || Number.isInteger(value));
    if (!valid) {
      const kind = allowZero ? 'non-negative' : 'positive';
      throw new InputError(
        `${key}: must be a ${kind} ${
          integer ? 'integer' : 'number'
        }, got ${value}`,
      );
    }
    return value;
  };
  const options = {
    cache: {
      pageSize: read('multicluster.cache.pageSize', 500, { integer: true }),
      watchTimeoutSeconds: read('multicluster.cache.watchTimeoutSeconds', 300),
      listTimeoutMs: read('multicluster.cache.listTimeoutMs', 30_000),
      backoffMinMs: read('multicluster.cache.backoffMinMs', 1_000),
      backoffMaxMs: read('multicluster.cache.backoffMaxMs', 30_000),
    },
    entityCache: {
      ttlMs: read('multicluster.entityCache.ttlMs', 5_000, { allowZero: true }),
      maxEntries: read('multicluster.entityCache.maxEntries', 10_000, {
        integer: true,
      }),
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
