import { Config } from '@backstage/config';
import { RegionInfo } from '@multiregion/backstage-plugin-multicluster-common';

/**
 * Display data of regions from `multicluster.regions`. A region Karmada
 * reports but config does not list still shows, under its raw id.
 */
export class Regions {
  private readonly configured: Map<string, RegionInfo>;

  static fromConfig(config: Config): Regions {
    const regions = config.getOptionalConfig('multicluster.regions');
    const entries = (regions?.keys() ?? []).map(id => {
      const region = regions!.getConfig(id);
      return {
        id,
        title: region.getOptionalString('title') ?? id,
        latitude: region.getOptionalNumber('latitude'),
        longitude: region.getOptionalNumber('longitude'),
      };
    });
    return new Regions(entries);
  }

  constructor(entries: RegionInfo[]) {
    this.configured = new Map(entries.map(r => [r.id, r]));
  }

  get(id: string): RegionInfo {
    return (
      this.configured.get(id) ?? {
        id,
        title: id === 'unassigned' ? 'Unassigned' : id,
      }
    );
  }

  /** Configured regions first, in config order; the others by id. */
  compare = (a: string, b: string): number => {
    const ids = [...this.configured.keys()];
    const ia = ids.indexOf(a);
    const ib = ids.indexOf(b);
    if (ia >= 0 || ib >= 0) {
      return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
    }
    return a.localeCompare(b);
  };
}
