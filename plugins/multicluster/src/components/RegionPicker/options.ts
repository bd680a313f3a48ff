import {
  ClustersResponse,
  ClusterSummary,
  RegionInfo,
} from '@multiregion/backstage-plugin-multicluster-common';
import { RegionPickerUiOptions } from './schema';

/** One choice of the picker: a region, or a cluster in cluster mode. */
export interface RegionPickerOption {
  /** What the field stores: a region id or a cluster name. */
  value: string;
  /** The text in the list, readiness included. */
  label: string;
  /** The shorter text of a chosen value. */
  chipLabel: string;
  /** The region id; the option's own id in region mode. */
  region: string;
  /** Whether a Ready cluster backs the option; others cannot be chosen. */
  ready: boolean;
}

// The backend groups clusters without `spec.region` under this id. It names
// no region a PropagationPolicy could target, so it is not a region choice.
const UNASSIGNED_REGION = 'unassigned';

const isReady = (cluster: ClusterSummary) => cluster.ready.status === 'True';

/** "North America (na)", or just the id when no title is configured. */
export function regionName(region: RegionInfo): string {
  return region.title && region.title !== region.id
    ? `${region.title} (${region.id})`
    : region.id;
}

/** "2/2 clusters Ready", "0/1 cluster Ready". */
export function readySummary(clusters: ClusterSummary[]): string {
  const ready = clusters.filter(isReady).length;
  const noun = clusters.length === 1 ? 'cluster' : 'clusters';
  return `${ready}/${clusters.length} ${noun} Ready`;
}

/**
 * Every choice the inventory offers, in the backend's order (configured
 * regions first, clusters by name), before `allowedRegions` narrows them:
 * validation needs to tell "not allowed" from "unknown".
 */
export function allPickerOptions(
  inventory: ClustersResponse,
  pick: RegionPickerUiOptions['pick'] = 'regions',
): RegionPickerOption[] {
  if (pick === 'clusters') {
    return inventory.regions.flatMap(({ region, clusters }) =>
      clusters.map(cluster => ({
        value: cluster.name,
        label: `${cluster.name} · ${regionName(region)} · ${
          isReady(cluster) ? 'Ready' : 'Not ready'
        }`,
        chipLabel: `${cluster.name} · ${region.title || region.id}`,
        region: region.id,
        ready: isReady(cluster),
      })),
    );
  }
  return inventory.regions
    .filter(({ region }) => region.id !== UNASSIGNED_REGION)
    .map(({ region, clusters }) => ({
      value: region.id,
      label: `${regionName(region)} · ${readySummary(clusters)}`,
      chipLabel: regionName(region),
      region: region.id,
      ready: clusters.some(isReady),
    }));
}

/** The choices the field lists, honouring `ui:options.allowedRegions`. */
export function buildPickerOptions(
  inventory: ClustersResponse,
  uiOptions: RegionPickerUiOptions = {},
): RegionPickerOption[] {
  const { pick, allowedRegions } = uiOptions;
  const options = allPickerOptions(inventory, pick);
  return allowedRegions
    ? options.filter(option => allowedRegions.includes(option.region))
    : options;
}
