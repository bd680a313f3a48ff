/**
 * Frontend plugin for multi-region Kubernetes with Karmada: the Regions
 * entity tab and the cluster inventory page (legacy frontend system
 * exports; the new system is in `/alpha`).
 *
 * @packageDocumentation
 */

export {
  multiclusterPlugin,
  EntityMulticlusterContent,
  MulticlusterInventoryPage,
} from './plugin';
export type { ClusterInventoryContentProps } from './components/ClusterInventory';
export { RegionPickerFieldExtension } from './scaffolder';
export type { RegionPickerUiOptions } from './components/RegionPicker';
export { multiclusterApiRef, MulticlusterClient } from './api';
export type { MulticlusterApi } from './api';
export { isMulticlusterAvailable } from '@multiregion/backstage-plugin-multicluster-common';
