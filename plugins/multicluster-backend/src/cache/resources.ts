import {
  ClusterSummary,
  ConditionSummary,
  ResourceUsage,
} from '@multiregion/backstage-plugin-multicluster-common';
import { parseQuantity } from './quantity';
import { KubeObject, ResourceDescriptor } from './ResourceReflector';
import { LabelSelectorSpec } from './labelSelector';

/*
 * What the caches keep of each Karmada object: only the fields the API
 * answers use, so memory grows with the number of objects, not their size.
 */

type Json = any; // Karmada objects arrive as plain JSON

export type CachedCluster = Omit<ClusterSummary, 'karmada'>;

export interface CachedBinding {
  namespace?: string;
  name: string;
  resource: {
    apiVersion: string;
    kind: string;
    namespace?: string;
    name: string;
  };
  replicas?: number;
  clusters: Array<{ name: string; replicas: number }>;
  placement?: Json;
  failover?: Json;
  policy?: {
    kind: 'PropagationPolicy' | 'ClusterPropagationPolicy';
    name: string;
    namespace?: string;
  };
  scheduled?: ConditionSummary;
  fullyApplied?: ConditionSummary;
  aggregatedStatus: Array<{
    clusterName: string;
    applied?: boolean;
    appliedMessage?: string;
    health?: string;
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    updatedReplicas?: number;
  }>;
}

export interface ResourceSelector {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  labelSelector?: LabelSelectorSpec;
}

export interface CachedPolicy {
  namespace?: string;
  name: string;
  resourceSelectors: ResourceSelector[];
  failover?: Json;
}

export interface CachedWorkload {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  replicas?: number;
  /** The pod selector, to find the workload's pods in members. */
  selector?: LabelSelectorSpec;
}

function condition(
  conditions: Json[] | undefined,
  type: string,
): ConditionSummary | undefined {
  const found = conditions?.find(c => c?.type === type);
  if (!found) {
    return undefined;
  }
  return {
    status: found.status,
    reason: found.reason || undefined,
    message: found.message || undefined,
    lastTransitionTime: found.lastTransitionTime || undefined,
  };
}

function usage(summary: Json, resource: string): ResourceUsage {
  return {
    allocatable: parseQuantity(summary?.allocatable?.[resource]),
    allocated: parseQuantity(summary?.allocated?.[resource]),
    allocating: parseQuantity(summary?.allocating?.[resource]),
  };
}

export const clusters: ResourceDescriptor<CachedCluster> = {
  plural: 'clusters',
  path: '/apis/cluster.karmada.io/v1alpha1/clusters',
  project(object: KubeObject): CachedCluster {
    const { metadata, spec, status } = object as Json;
    const summary = status?.resourceSummary;
    return {
      name: metadata.name,
      region: spec?.region || 'unassigned',
      zones: spec?.zones ?? (spec?.zone ? [spec.zone] : []),
      provider: spec?.provider || undefined,
      syncMode: spec?.syncMode ?? 'Push',
      ready: condition(status?.conditions, 'Ready') ?? {
        status: 'Unknown',
        message: 'Karmada has not reported readiness yet',
      },
      kubernetesVersion: status?.kubernetesVersion || undefined,
      nodes: {
        ready: status?.nodeSummary?.readyNum ?? 0,
        total: status?.nodeSummary?.totalNum ?? 0,
      },
      resources: summary
        ? {
            cpu: usage(summary, 'cpu'),
            memory: usage(summary, 'memory'),
            pods: usage(summary, 'pods'),
          }
        : undefined,
      taints: (spec?.taints ?? []).map((t: Json) => ({
        key: t.key,
        value: t.value || undefined,
        effect: t.effect,
      })),
      labels: metadata.labels ?? {},
    };
  },
};

function projectBinding(object: KubeObject): CachedBinding {
  const { metadata, spec, status } = object as Json;
  const annotations = metadata.annotations ?? {};
  let policy: CachedBinding['policy'];
  if (annotations['propagationpolicy.karmada.io/name']) {
    policy = {
      kind: 'PropagationPolicy',
      name: annotations['propagationpolicy.karmada.io/name'],
      namespace: annotations['propagationpolicy.karmada.io/namespace'],
    };
  } else if (annotations['clusterpropagationpolicy.karmada.io/name']) {
    policy = {
      kind: 'ClusterPropagationPolicy',
      name: annotations['clusterpropagationpolicy.karmada.io/name'],
    };
  }
  return {
    namespace: metadata.namespace,
    name: metadata.name,
    resource: {
      apiVersion: spec?.resource?.apiVersion,
      kind: spec?.resource?.kind,
      namespace: spec?.resource?.namespace,
      name: spec?.resource?.name,
    },
    replicas: spec?.replicas,
    clusters: (spec?.clusters ?? []).map((c: Json) => ({
      name: c.name,
      replicas: c.replicas ?? 0,
    })),
    placement: spec?.placement,
    failover: spec?.failover,
    policy,
    scheduled: condition(status?.conditions, 'Scheduled'),
    fullyApplied: condition(status?.conditions, 'FullyApplied'),
    aggregatedStatus: (status?.aggregatedStatus ?? []).map((a: Json) => ({
      clusterName: a.clusterName,
      applied: a.applied,
      appliedMessage: a.appliedMessage || undefined,
      health: a.health || undefined,
      replicas: a.status?.replicas,
      readyReplicas: a.status?.readyReplicas,
      availableReplicas: a.status?.availableReplicas,
      updatedReplicas: a.status?.updatedReplicas,
    })),
  };
}

export const resourceBindings: ResourceDescriptor<CachedBinding> = {
  plural: 'resourcebindings',
  path: '/apis/work.karmada.io/v1alpha2/resourcebindings',
  project: projectBinding,
};

export const clusterResourceBindings: ResourceDescriptor<CachedBinding> = {
  plural: 'clusterresourcebindings',
  path: '/apis/work.karmada.io/v1alpha2/clusterresourcebindings',
  project: projectBinding,
};

function projectPolicy(object: KubeObject): CachedPolicy {
  const { metadata, spec } = object as Json;
  return {
    namespace: metadata.namespace,
    name: metadata.name,
    resourceSelectors: spec?.resourceSelectors ?? [],
    failover: spec?.failover,
  };
}

export const propagationPolicies: ResourceDescriptor<CachedPolicy> = {
  plural: 'propagationpolicies',
  path: '/apis/policy.karmada.io/v1alpha1/propagationpolicies',
  project: projectPolicy,
};

export const clusterPropagationPolicies: ResourceDescriptor<CachedPolicy> = {
  plural: 'clusterpropagationpolicies',
  path: '/apis/policy.karmada.io/v1alpha1/clusterpropagationpolicies',
  project: projectPolicy,
};

export const overridePolicies: ResourceDescriptor<CachedPolicy> = {
  plural: 'overridepolicies',
  path: '/apis/policy.karmada.io/v1alpha1/overridepolicies',
  project: projectPolicy,
};

function workloads(
  kind: string,
  plural: string,
): ResourceDescriptor<CachedWorkload> {
  return {
    plural,
    path: `/apis/apps/v1/${plural}`,
    project(object: KubeObject): CachedWorkload {
      const { metadata, spec } = object as Json;
      return {
        apiVersion: 'apps/v1',
        kind,
        namespace: metadata.namespace,
        name: metadata.name,
        labels: metadata.labels ?? {},
        replicas: spec?.replicas,
        selector: spec?.selector,
      };
    },
  };
}

/** The resource templates in Karmada that entities select by label. */
export const workloadResources = [
  workloads('Deployment', 'deployments'),
  workloads('StatefulSet', 'statefulsets'),
  workloads('DaemonSet', 'daemonsets'),
];
