import { ClusterError } from './types';

/** How a region is shown: from `multicluster.regions`, or its raw id. @public */
export interface RegionInfo {
  /** The cluster's `spec.region`, or `unassigned` when it has none. */
  id: string;
  title: string;
  latitude?: number;
  longitude?: number;
}

/** A Kubernetes condition, as far as the UI needs it. @public */
export interface ConditionSummary {
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/**
 * One resource of a cluster: cpu in cores, memory in bytes, pods as a count.
 * @public
 */
export interface ResourceUsage {
  allocatable: number;
  allocated: number;
  allocating: number;
}

/** @public */
export interface ClusterTaint {
  key: string;
  value?: string;
  effect: string;
}

/** One member cluster of a Karmada instance. @public */
export interface ClusterSummary {
  name: string;
  /** `multicluster.karmada[].name` of the instance that manages it. */
  karmada: string;
  region: string;
  zones: string[];
  provider?: string;
  syncMode: string;
  /** The `Ready` condition; `Unknown` when Karmada has not reported one. */
  ready: ConditionSummary;
  kubernetesVersion?: string;
  nodes: { ready: number; total: number };
  resources?: {
    cpu: ResourceUsage;
    memory: ResourceUsage;
    pods: ResourceUsage;
  };
  taints: ClusterTaint[];
  labels: Record<string, string>;
}

/** How fresh one Karmada instance's cached copy is. @public */
export interface InstanceSyncStatus {
  name: string;
  /** A full copy has been loaded at least once. */
  synced: boolean;
  /** The copy may lag behind Karmada (connection lost, reconnecting). */
  stale: boolean;
  /** When the copy was last known to match Karmada. */
  observedAt?: string;
  /** Why it is stale, without credentials. */
  message?: string;
}

/** Common freshness fields of every cached answer. @public */
export interface CachedAnswer {
  instances: InstanceSyncStatus[];
  /** True when any consulted instance is stale or not yet synced. */
  stale: boolean;
  /** The oldest `observedAt` of the consulted instances. */
  observedAt?: string;
}

/** `GET /clusters`. @public */
export interface ClustersResponse extends CachedAnswer {
  regions: Array<{ region: RegionInfo; clusters: ClusterSummary[] }>;
}

/** @public */
export type PlacementStrategy =
  | 'Duplicated'
  | 'DividedStaticWeight'
  | 'DividedDynamicWeight'
  | 'DividedAggregated'
  /** Divided + Weighted without a weight preference: equal weights. */
  | 'DividedEvenly'
  | 'Divided'
  | 'Unspecified';

/** A cluster affinity in readable form. @public */
export interface AffinitySummary {
  /** Name of an entry of `clusterAffinities` (ordered failover groups). */
  affinityName?: string;
  clusterNames?: string[];
  exclude?: string[];
  /** Label and field selectors rendered as `key=value` terms. */
  labelSelector?: string;
  fieldSelector?: string;
}

/** The placement of one binding, summarised. @public */
export interface PolicySummary {
  kind: 'PropagationPolicy' | 'ClusterPropagationPolicy';
  name: string;
  namespace?: string;
  strategy: PlacementStrategy;
  /** For DividedStaticWeight: weight per target (cluster names or selector). */
  staticWeights?: Array<{ target: AffinitySummary; weight: number }>;
  /** For DividedDynamicWeight: the factor, e.g. `AvailableReplicas`. */
  dynamicWeight?: string;
  spreadConstraints?: Array<{
    spreadByField?: string;
    spreadByLabel?: string;
    minGroups?: number;
    maxGroups?: number;
  }>;
  /** `clusterAffinity`, or the ordered `clusterAffinities`. */
  affinities: AffinitySummary[];
  /** Tolerated cluster taints, as `key[=value]:effect`. */
  tolerations: string[];
  /** Application failover (`failover.application`), when configured. */
  failover?: {
    decisionConditions?: { tolerationSeconds?: number };
    purgeMode?: string;
    gracePeriodSeconds?: number;
  };
  /** OverridePolicies and ClusterOverridePolicies that select the workload. */
  overrides: string[];
}

/** One cluster's share of a workload. @public */
export interface ClusterPlacement {
  cluster: string;
  region: string;
  /** Replicas the scheduler gave this cluster (`spec.clusters[].replicas`). */
  assignedReplicas: number;
  /** From `aggregatedStatus[].status`, when the member reported it. */
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  updatedReplicas?: number;
  health: 'Healthy' | 'Unhealthy' | 'Unknown';
  applied?: boolean;
  appliedMessage?: string;
  /** The cluster's own `Ready` condition status. */
  clusterReady: ConditionSummary['status'];
}

/** Where one workload (resource template) of the entity runs. @public */
export interface WorkloadPlacement {
  karmada: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  desiredReplicas?: number;
  binding?: {
    name: string;
    namespace: string;
    scheduled?: ConditionSummary;
    fullyApplied?: ConditionSummary;
  };
  policy?: PolicySummary;
  clusters: ClusterPlacement[];
}

/** Per region: what the entity's workloads add up to there. @public */
export interface RegionPlacement {
  region: RegionInfo;
  clusters: string[];
  assignedReplicas: number;
  readyReplicas: number;
  /** Healthy: all ready; Degraded: some; Unhealthy: none ready of some assigned. */
  health: 'Healthy' | 'Degraded' | 'Unhealthy' | 'Unknown';
}

/** `GET /entities/:namespace/:kind/:name/placement`. @public */
export interface PlacementResponse extends CachedAnswer {
  entityRef: string;
  labelSelector: string;
  namespace?: string;
  workloads: WorkloadPlacement[];
  regions: RegionPlacement[];
  errors: ClusterError[];
}

/** @public */
export interface PodSummary {
  name: string;
  namespace: string;
  phase: string;
  ready: boolean;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  node?: string;
  zone?: string;
  createdAt?: string;
}

/** `GET /entities/:namespace/:kind/:name/pods`. @public */
export interface PodsResponse {
  entityRef: string;
  clusters: Array<{
    cluster: string;
    karmada: string;
    region: string;
    pods: PodSummary[];
  }>;
  errors: ClusterError[];
}
