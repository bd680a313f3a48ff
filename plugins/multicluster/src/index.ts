/**
 * Frontend plugin for multi-region Kubernetes with Karmada: the Regions
 * entity tab (legacy frontend system exports; the new system is in `/alpha`).
 *
 * @packageDocumentation
 */

export { multiclusterPlugin, EntityMulticlusterContent } from './plugin';
export { multiclusterApiRef, MulticlusterClient } from './api';
export type { MulticlusterApi } from './api';
export { isMulticlusterAvailable } from '@multiregion/backstage-plugin-multicluster-common';
