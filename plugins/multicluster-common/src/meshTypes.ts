import { ClusterError } from './types';

/**
 * A Kubernetes Service of the entity, as the mesh names it.
 *
 * @public
 */
export interface MeshService {
  namespace: string;
  name: string;
  /** `<name>.<namespace>.svc.cluster.local`, the key istiod uses. */
  host: string;
}

/** One remote cluster an istiod watches, from its `/debug/clusterz`. @public */
export interface MeshRemoteCluster {
  id: string;
  /** `synced`, `syncing`, `timeout` or `closed`, as istiod says. */
  syncStatus: string;
  /** The remote secret it came from; empty for the istiod's own cluster. */
  secretName?: string;
}

/** What one cluster's istiod reports about itself and its peers. @public */
export interface IstiodStatus {
  /** False when the cluster has no reachable istiod. */
  present: boolean;
  /** Every cluster in its registry, its own first, then by id. */
  clusters: MeshRemoteCluster[];
  /** Mesh members (clusters with an istiod) this istiod has synced, itself included. */
  synced: number;
  /** Mesh members it should see: every cluster of the instance that has an istiod. */
  expected: number;
  /** Mesh members it does not list as synced. */
  missing: string[];
  /** Why istiod could not be read, when `present` is false. */
  message?: string;
}

/**
 * The endpoints of one service that an observer cluster's istiod knows,
 * grouped by the cluster they live in.
 *
 * @public
 */
export interface MeshEndpointGroup {
  host: string;
  /** The cluster the endpoints belong to (`Kubernetes/<cluster>` shard). */
  cluster: string;
  /** `region/zone` localities of those endpoints. */
  localities: string[];
  total: number;
  /** Endpoints whose health status is Healthy. */
  healthy: number;
  /** Endpoints with a sidecar (`TLSMode: istio`). */
  mtlsCapable: number;
}

/** @public */
export interface MeshInjectionStatus {
  /** The service namespaces in this cluster and whether injection is on. */
  namespaces: Array<{
    name: string;
    enabled: boolean;
    /** `istio-injection=enabled` or `istio.io/rev=<rev>`. */
    label?: string;
  }>;
  /** The entity's pods in this cluster, and those carrying `sidecar.istio.io/status`. */
  pods: { total: number; injected: number };
}

/** @public */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

/** @public */
export interface MeshMtlsStatus {
  /** The mode in effect for the service namespace. */
  mode: MtlsMode;
  /** The PeerAuthentication that sets it, `namespace/name`; absent when Istio's default applies. */
  source?: string;
}

/**
 * A DestinationRule or VirtualService of the service, as found in one
 * cluster, reduced to what decides traffic between regions.
 *
 * @public
 */
export interface MeshPolicyObject {
  kind: 'DestinationRule' | 'VirtualService';
  namespace: string;
  name: string;
  hosts: string[];
  /** Hash of the spec, to compare the copies held by different primaries. */
  specHash: string;
  /** DestinationRule only: the locality load balancing it asks for. */
  localityLb?: {
    enabled: boolean;
    failover: Array<{ from: string; to: string }>;
    failoverPriority: string[];
    distribute: Array<{ from: string; to: Record<string, number> }>;
  };
  /** DestinationRule only: whether `trafficPolicy.outlierDetection` is set. */
  outlierDetection?: boolean;
  /**
   * DestinationRule only: locality settings are present and outlier detection
   * is set, so Envoy will actually fail over.
   */
  failoverEffective?: boolean;
}

/** Mesh state of the service as one member cluster sees it. @public */
export interface MeshClusterStatus {
  cluster: string;
  /** `multicluster.karmada[].name` of the instance that manages it. */
  karmada: string;
  region: string;
  /** The cluster's network (`topology.istio.io/network` on istio-system). */
  network?: string;
  /** Whether the entity's workloads are placed on this cluster. */
  hostsWorkloads: boolean;
  istiod: IstiodStatus;
  /** The service's endpoints as this cluster's istiod sees them. */
  endpoints: MeshEndpointGroup[];
  injection: MeshInjectionStatus;
  mtls: MeshMtlsStatus;
  policies: MeshPolicyObject[];
}

/** The same policy object differs between primaries. @public */
export interface MeshPolicyDrift {
  kind: MeshPolicyObject['kind'];
  namespace: string;
  name: string;
  /** Clusters grouped by the version (spec hash) they hold; `missing` when absent. */
  versions: Array<{ specHash: string | 'missing'; clusters: string[] }>;
}

/** Traffic from one cluster to another, from Prometheus. @public */
export interface MeshTrafficEdge {
  sourceCluster: string;
  sourceRegion: string;
  destinationCluster: string;
  destinationRegion: string;
  requestsPerSecond: number;
  /** Share of responses with a 5xx code, 0 to 1. */
  errorRatio: number;
  /** 95th percentile of request duration in ms; absent without samples. */
  p95Ms?: number;
}

/** @public */
export interface MeshTraffic {
  /** The PromQL range the rates are computed over, e.g. `1m`. */
  window: string;
  edges: MeshTrafficEdge[];
}

/** @public */
export type MeshWarningKind =
  | 'failoverWithoutOutlierDetection'
  | 'configDrift'
  | 'istiodNotSynced'
  | 'istiodMissing'
  | 'injectionDisabled'
  | 'noService';

/** Something in the mesh that does not do what its configuration says. @public */
export interface MeshWarning {
  kind: MeshWarningKind;
  message: string;
  cluster?: string;
  /** `Kind namespace/name` of the object concerned. */
  object?: string;
}

/**
 * `GET /api/multicluster/entities/:namespace/:kind/:name/mesh`.
 *
 * @public
 */
export interface MeshResponse {
  entityRef: string;
  services: MeshService[];
  clusters: MeshClusterStatus[];
  drift: MeshPolicyDrift[];
  /** Absent when no Prometheus is configured or it failed; see `trafficUnavailable`. */
  traffic?: MeshTraffic;
  /** Why `traffic` is absent. */
  trafficUnavailable?: string;
  warnings: MeshWarning[];
  errors: ClusterError[];
  observedAt: string;
}
