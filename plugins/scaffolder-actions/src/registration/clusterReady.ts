import { KubernetesConnection } from '@multiregion/backstage-plugin-multicluster-node';

export interface ReadyCondition {
  status: string;
  reason?: string;
  message?: string;
}

interface ClusterObject {
  metadata: {
    name: string;
    uid?: string;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  status?: {
    conditions?: Array<{
      type: string;
      status: string;
      reason?: string;
      message?: string;
    }>;
  };
}

export const clusterPath = (name: string) =>
  `/apis/cluster.karmada.io/v1alpha1/clusters/${encodeURIComponent(name)}`;

/** Reads a Karmada `Cluster`; `undefined` when it does not exist. */
export async function getCluster(
  karmada: KubernetesConnection,
  name: string,
): Promise<ClusterObject | undefined> {
  const response = await karmada.request({
    path: clusterPath(name),
    signal: AbortSignal.timeout(15_000),
  });
  if (response.statusCode === 404) return undefined;
  if (response.statusCode !== 200) {
    throw new Error(
      `cannot read Cluster ${name} from ${karmada.name}: HTTP ${response.statusCode}`,
    );
  }
  return JSON.parse(response.body);
}

export function readyCondition(cluster?: ClusterObject): ReadyCondition {
  const ready = cluster?.status?.conditions?.find(c => c.type === 'Ready');
  return ready
    ? { status: ready.status, reason: ready.reason, message: ready.message }
    : {
        status: 'Unknown',
        reason: 'NoStatus',
        message: 'no Ready condition yet',
      };
}

/**
 * Polls until the `Cluster` reports `Ready=True`; on timeout throws with
 * the last condition, which says why (e.g. the member is unreachable).
 */
export async function waitForClusterReady(
  karmada: KubernetesConnection,
  name: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ReadyCondition> {
  const deadline = Date.now() + timeoutMs;
  let last: ReadyCondition = readyCondition(undefined);
  for (;;) {
    last = readyCondition(await getCluster(karmada, name));
    if (last.status === 'True') return last;
    if (Date.now() > deadline || signal?.aborted) {
      throw new Error(
        `Cluster ${name} did not become Ready within ${Math.round(
          timeoutMs / 1000,
        )} s: Ready=${last.status}${last.reason ? ` (${last.reason})` : ''}${
          last.message ? `: ${last.message}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1_000));
  }
}

/** Polls until `path` answers 404, or throws after `timeoutMs`. */
export async function waitForGone(
  connection: KubernetesConnection,
  path: string,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await connection.request({
      path,
      signal: AbortSignal.timeout(15_000),
    });
    if (response.statusCode === 404) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} still exists on ${connection.name} after ${Math.round(
          timeoutMs / 1000,
        )} s`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1_000));
  }
}
