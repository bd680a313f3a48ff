import { Entity } from '@backstage/catalog-model';
/** Karmada objects shaped as the API serves them, for tests. */

/** The demo's component, selecting its workloads by `backstage.io/kubernetes-id: hello`. */
export const helloEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'hello',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'hello' },
  },
  spec: {},
};

export const CLUSTERS = '/apis/cluster.karmada.io/v1alpha1/clusters';
export const BINDINGS = '/apis/work.karmada.io/v1alpha2/resourcebindings';
export const DEPLOYMENTS = '/apis/apps/v1/deployments';
export const OVERRIDES = '/apis/policy.karmada.io/v1alpha1/overridepolicies';

export function cluster(name: string, region: string, ready = true) {
  return {
    apiVersion: 'cluster.karmada.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name, labels: { region } },
    spec: {
      syncMode: name === 'sea' ? 'Pull' : 'Push',
      region,
      zones: [`${region}-1a`, `${region}-1b`],
      provider: 'testbed',
      taints: ready
        ? []
        : [{ key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule' }],
    },
    status: {
      kubernetesVersion: 'v1.35.4',
      conditions: [
        ready
          ? {
              type: 'Ready',
              status: 'True',
              reason: 'ClusterReady',
              message: 'cluster is healthy and ready to accept workloads',
            }
          : {
              type: 'Ready',
              status: 'False',
              reason: 'ClusterNotReachable',
              message: 'cluster is not reachable',
            },
      ],
      nodeSummary: { totalNum: 3, readyNum: ready ? 3 : 0 },
      resourceSummary: {
        allocatable: { cpu: '24', memory: '96Gi', pods: '330' },
        allocated: { cpu: '1500m', memory: '512Mi', pods: '4' },
        allocating: { cpu: '0', memory: '0', pods: '0' },
      },
    },
  };
}

export function deployment(
  name: string,
  replicas: number,
  labels: Record<string, string>,
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'default',
      labels,
      annotations: { 'propagationpolicy.karmada.io/name': name },
    },
    spec: { replicas, selector: { matchLabels: { app: name } } },
  };
}

export function weightedBinding(
  name: string,
  weights: Record<string, number>,
  assigned: Record<string, number>,
  ready: Record<string, number>,
) {
  const replicas = Object.values(assigned).reduce((a, b) => a + b, 0);
  return {
    apiVersion: 'work.karmada.io/v1alpha2',
    kind: 'ResourceBinding',
    metadata: {
      name: `${name}-deployment`,
      namespace: 'default',
      annotations: {
        'propagationpolicy.karmada.io/name': name,
        'propagationpolicy.karmada.io/namespace': 'default',
      },
    },
    spec: {
      resource: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'default',
        name,
      },
      replicas,
      clusters: Object.entries(assigned).map(([c, r]) => ({
        name: c,
        replicas: r,
      })),
      placement: {
        clusterAffinity: { clusterNames: Object.keys(weights) },
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Weighted',
          weightPreference: {
            staticWeightList: Object.entries(weights).map(([c, weight]) => ({
              targetCluster: { clusterNames: [c] },
              weight,
            })),
          },
        },
      },
    },
    status: {
      conditions: [
        {
          type: 'Scheduled',
          status: 'True',
          reason: 'Success',
          message: 'Binding has been scheduled successfully.',
        },
        {
          type: 'FullyApplied',
          status: 'True',
          reason: 'FullyAppliedSuccess',
          message: 'All works have been successfully applied',
        },
      ],
      aggregatedStatus: Object.entries(assigned).map(([c, r]) => ({
        clusterName: c,
        applied: true,
        health: ready[c] === r ? 'Healthy' : 'Unhealthy',
        status: {
          replicas: r,
          readyReplicas: ready[c],
          availableReplicas: ready[c],
          updatedReplicas: r,
        },
      })),
    },
  };
}
