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
  healthProbeMs: number;
  podsTimeoutMs: number;
}

/** Refresh and timeout knobs (`multicluster.cache`, `multicluster.timeouts`). */
export function readCacheOptions(config: Config): CacheOptions {
  const read = (key: string, fallback: number) => {
    const value = config.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value <= 0) {
      throw new InputError(`${key}: must be a positive number, got ${value}`);
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
