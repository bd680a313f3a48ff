import {
  ClusterSummary,
  ClustersResponse,
} from '@multiregion/backstage-plugin-multicluster-common';
import { syncedInstance } from './instances';

const GiB = 1024 ** 3;

function cluster(
  overrides: Partial<ClusterSummary> & Pick<ClusterSummary, 'name' | 'region'>,
): ClusterSummary {
  return {
    karmada: 'testbed',
    zones: [`${overrides.region}-1a`],
    provider: 'kind',
    syncMode: 'Push',
    ready: { status: 'True', reason: 'ClusterReady' },
    kubernetesVersion: 'v1.31.2',
    nodes: { ready: 3, total: 3 },
    resources: {
      cpu: { allocatable: 8, allocated: 1.5, allocating: 0 },
      memory: { allocatable: 32 * GiB, allocated: 8 * GiB, allocating: 0 },
      pods: { allocatable: 330, allocated: 33, allocating: 0 },
    },
    taints: [],
    labels: {},
    ...overrides,
  };
}

/** Three regions; `sea-1` is not ready, `eu-1` is tainted and pulls. */
export const clusters: ClustersResponse = {
  instances: [syncedInstance],
  stale: false,
  observedAt: '2026-11-27T17:00:00Z',
  regions: [
    {
      region: { id: 'na', title: 'North America' },
      clusters: [
        cluster({ name: 'na-1', region: 'na' }),
        cluster({
          name: 'na-2',
          region: 'na',
          kubernetesVersion: 'v1.30.6',
          nodes: { ready: 2, total: 3 },
        }),
      ],
    },
    {
      region: { id: 'eu', title: 'Europe' },
      clusters: [
        cluster({
          name: 'eu-1',
          region: 'eu',
          syncMode: 'Pull',
          taints: [
            { key: 'maintenance', value: 'planned', effect: 'NoSchedule' },
          ],
        }),
      ],
    },
    {
      region: { id: 'sea', title: 'Southeast Asia' },
      clusters: [
        cluster({
          name: 'sea-1',
          region: 'sea',
          ready: {
            status: 'False',
            reason: 'ClusterNotReachable',
            message: 'cluster is not reachable',
          },
          nodes: { ready: 0, total: 3 },
          resources: undefined,
        }),
      ],
    },
  ],
};
