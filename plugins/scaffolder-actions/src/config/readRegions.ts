import { Config } from '@backstage/config';

/** The region ids of `multicluster.regions`, which actions accept. */
export function readRegionIds(config: Config): string[] {
  return config.getOptionalConfig('multicluster.regions')?.keys() ?? [];
}
