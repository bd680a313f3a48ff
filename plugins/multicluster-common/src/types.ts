import { InstanceSyncStatus } from './placementTypes';

/**
 * Health of one configured Karmada control plane, as answered by
 * `GET /api/multicluster/health`.
 *
 * @public
 */
export interface KarmadaInstanceHealth {
  /** `multicluster.karmada[].name` */
  name: string;
  /** The API server URL from config; never carries credentials. */
  url: string;
  /** True when `/readyz` answered 200 within the timeout. */
  ready: boolean;
  /** HTTP status of `/readyz`, when one was received. */
  statusCode?: number;
  /** Why the instance is not ready (timeout, TLS, connection refused, ...). */
  message?: string;
  /** Round-trip time of the probe in milliseconds. */
  latencyMs: number;
  /** How fresh the backend's watch-cached copy of this instance is. */
  cache?: InstanceSyncStatus;
}

/** @public */
export interface MulticlusterHealthResponse {
  /** True when every configured instance is ready (and at least one exists). */
  ready: boolean;
  instances: KarmadaInstanceHealth[];
  /** ISO timestamp of when the probes ran. */
  checkedAt: string;
}

/**
 * One cluster's failure inside an otherwise successful answer. Same shape as
 * the Kubernetes plugin's per-cluster errors.
 *
 * @public
 */
export interface ClusterError {
  cluster: string;
  errorType:
    | 'UNAUTHORIZED_ERROR'
    | 'NOT_FOUND'
    | 'TIMEOUT'
    | 'SYSTEM_ERROR'
    | 'UNKNOWN_ERROR';
  message: string;
  statusCode?: number;
}
