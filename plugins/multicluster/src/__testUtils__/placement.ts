import {
  ClusterPlacement,
  PlacementResponse,
  PodsResponse,
  PolicySummary,
} from '@multiregion/backstage-plugin-multicluster-common';
import { MulticlusterApi } from '../api';
import { syncedInstance } from './instances';
import { mesh } from './mesh';

export const placement: PlacementResponse = {
  entityRef: 'component:default/hello',
  labelSelector: 'backstage.io/kubernetes-id=hello',
  instances: [syncedInstance],
  stale: false,
  observedAt: '2026-11-27T17:00:00Z',
  workloads: [
    {
      karmada: 'testbed',
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'default',
      name: 'hello',
      desiredReplicas: 6,
      binding: {
        name: 'hello-deployment',
        namespace: 'default',
        scheduled: {
          status: 'True',
          reason: 'Success',
          message: 'Binding has been scheduled successfully.',
        },
        fullyApplied: { status: 'True', reason: 'FullyAppliedSuccess' },
      },
      policy: {
        kind: 'PropagationPolicy',
        name: 'hello',
        namespace: 'default',
        strategy: 'DividedStaticWeight',
        staticWeights: [
          { target: { clusterNames: ['na'] }, weight: 4 },
          { target: { clusterNames: ['eu'] }, weight: 1 },
          { target: { clusterNames: ['sea'] }, weight: 1 },
        ],
        affinities: [{ clusterNames: ['na', 'eu', 'sea'] }],
        tolerations: [],
        overrides: [],
      },
      clusters: [
        {
          cluster: 'na',
          region: 'na',
          assignedReplicas: 4,
          readyReplicas: 4,
          health: 'Healthy',
          applied: true,
          clusterReady: 'True',
        },
        {
          cluster: 'eu',
          region: 'eu',
          assignedReplicas: 1,
          readyReplicas: 1,
          health: 'Healthy',
          applied: true,
          clusterReady: 'True',
        },
        {
          cluster: 'sea',
          region: 'sea',
          assignedReplicas: 1,
          readyReplicas: 0,
          health: 'Unhealthy',
          applied: true,
          clusterReady: 'False',
        },
      ],
    },
  ],
  regions: [
    {
      region: {
        id: 'na',
        title: 'North America',
        latitude: 39.8,
        longitude: -98.6,
      },
      clusters: ['na'],
      assignedReplicas: 4,
      readyReplicas: 4,
      health: 'Healthy',
    },
    {
      region: { id: 'eu', title: 'Europe', latitude: 50.1, longitude: 8.7 },
      clusters: ['eu'],
      assignedReplicas: 1,
      readyReplicas: 1,
      health: 'Healthy',
    },
    {
      region: {
        id: 'sea',
        title: 'Southeast Asia',
        latitude: 1.35,
        longitude: 103.8,
      },
      clusters: ['sea'],
      assignedReplicas: 1,
      readyReplicas: 0,
      health: 'Unhealthy',
    },
  ],
  errors: [
    {
      cluster: 'sea',
      errorType: 'SYSTEM_ERROR',
      message: 'cluster is not ready: cluster is not reachable',
    },
  ],
};

export const pods: PodsResponse = {
  entityRef: 'component:default/hello',
  clusters: [
    {
      cluster: 'na',
      karmada: 'testbed',
      region: 'na',
      pods: [
        {
          name: 'hello-abc',
          namespace: 'default',
          phase: 'Running',
          ready: true,
          readyContainers: 1,
          totalContainers: 1,
          restarts: 0,
          node: 'na-node-1',
          zone: 'na-1a',
        },
      ],
    },
  ],
  errors: [
    { cluster: 'sea', errorType: 'TIMEOUT', message: 'no answer in time' },
  ],
};

/**
 * The fixture's placement with another policy (and, optionally, where the
 * scheduler put the replicas under it).
 */
export function withPolicy(
  policy: Partial<PolicySummary>,
  clusters?: ClusterPlacement[],
): PlacementResponse {
  const [workload] = placement.workloads;
  return {
    ...placement,
    workloads: [
      {
        ...workload,
        policy: { ...workload.policy!, staticWeights: undefined, ...policy },
        clusters: clusters ?? workload.clusters,
      },
    ],
  };
}

/** An API whose methods answer the fixtures unless overridden. */
export function fakeApi(
  overrides: Partial<MulticlusterApi> = {},
): MulticlusterApi {
  return {
    getHealth: async () => ({
      ready: true,
      checkedAt: '2026-11-27T17:00:00Z',
      instances: [
        {
          name: 'testbed',
          url: 'https://127.0.0.1:17443',
          ready: true,
          statusCode: 200,
          latencyMs: 7,
        },
      ],
    }),
    getClusters: async () => ({ regions: [], instances: [], stale: false }),
    getPlacement: async () => placement,
    getPods: async () => pods,
    getMesh: async () => mesh,
    ...overrides,
  };
}
