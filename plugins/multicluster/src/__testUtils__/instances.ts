import { InstanceSyncStatus } from '@multiregion/backstage-plugin-multicluster-common';

/** The testbed's Karmada, watched and in sync. */
export const syncedInstance: InstanceSyncStatus = {
  name: 'testbed',
  synced: true,
  stale: false,
  observedAt: '2026-11-27T17:00:00Z',
};

/** The same instance after its watches lost the API server. */
export const staleInstance: InstanceSyncStatus = {
  ...syncedInstance,
  stale: true,
  message: 'connect ECONNREFUSED',
};
