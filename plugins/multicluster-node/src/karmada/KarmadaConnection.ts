import {
  KubernetesApiError,
  KubernetesConnection,
  KubernetesResponse,
} from '../kubernetes/KubernetesConnection';

/** A connection to a Karmada API server (`multicluster.karmada[]`). */
export class KarmadaConnection extends KubernetesConnection {}

/** Kept for readers of Karmada answers; the same class as for members. */
export { KubernetesApiError as KarmadaApiError };
export type KarmadaResponse = KubernetesResponse;
