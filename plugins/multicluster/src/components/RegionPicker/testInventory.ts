import {
  ClustersResponse,
  ClusterSummary,
} from '@multiregion/backstage-plugin-multicluster-common';

function cluster(name: string, region: string, ready: boolean): ClusterSummary {
  return {
    name,
    karmada: 'testbed',
    region,
    zones: [`${region}-1a`],
    syncMode: 'Push',
    ready: ready
      ? { status: 'True', reason: 'ClusterReady' }
      : { status: 'False', reason: 'ClusterNotReachable' },
    nodes: { ready: ready ? 1 : 0, total: 1 },
    taints: [],
    labels: {},
  };
}

/**
 * na: 2/2 Ready, eu: 1/2 Ready, sea: 0/1 Ready, plus a cluster without a
 * region.
 */
export const inventory: ClustersResponse = {
  instances: [{ name: 'testbed', synced: true, stale: false }],
  stale: false,
  regions: [
    {
      region: { id: 'na', title: 'North America' },
      clusters: [cluster('na-1', 'na', true), cluster('na-2', 'na', true)],
    },
    {
      region: { id: 'eu', title: 'Europe' },
      clusters: [cluster('eu-1', 'eu', true), cluster('eu-2', 'eu', false)],
    },
    {
      region: { id: 'sea', title: 'Southeast Asia' },
      clusters: [cluster('sea-1', 'sea', false)],
    },
    {
      region: { id: 'unassigned', title: 'Unassigned' },
      clusters: [cluster('lab-1', 'unassigned', true)],
    },
  ],
};
