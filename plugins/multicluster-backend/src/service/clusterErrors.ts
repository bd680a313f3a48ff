import { ClusterError } from '@multiregion/backstage-plugin-multicluster-common';
import {
  describeRequestFailure,
  KarmadaApiError,
} from '@multiregion/backstage-plugin-multicluster-node';

/** Classifies a failed call to one cluster, in the Kubernetes plugin's terms. */
export function toClusterError(cluster: string, error: unknown): ClusterError {
  if (error instanceof KarmadaApiError) {
    const { statusCode, message } = error;
    let errorType: ClusterError['errorType'] = 'UNKNOWN_ERROR';
    if (statusCode === 401 || statusCode === 403)
      errorType = 'UNAUTHORIZED_ERROR';
    else if (statusCode === 404) errorType = 'NOT_FOUND';
    else if (statusCode === 504) errorType = 'TIMEOUT';
    else if (statusCode >= 500) errorType = 'SYSTEM_ERROR';
    return { cluster, errorType, statusCode, message };
  }
  const err = error as { name?: string };
  const timedOut = err?.name === 'TimeoutError' || err?.name === 'AbortError';
  return {
    cluster,
    errorType: timedOut ? 'TIMEOUT' : 'SYSTEM_ERROR',
    message: describeRequestFailure(error),
  };
}

const KARMADA_SOURCE = 'karmada:';

/**
 * The `cluster` of an error of a Karmada instance itself, not of a member.
 * Member names are DNS labels, so the colon keeps the two apart.
 */
export function karmadaErrorSource(instance: string): string {
  return `${KARMADA_SOURCE}${instance}`;
}

export function isKarmadaErrorSource(cluster: string): boolean {
  return cluster.startsWith(KARMADA_SOURCE);
}
