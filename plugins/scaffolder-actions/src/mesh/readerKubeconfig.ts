import { KubernetesConnection } from '@multiregion/backstage-plugin-multicluster-node';
import { stringify } from 'yaml';
import { ISTIO_NAMESPACE, READER_TOKEN_SECRET } from './meshObjects';

/**
 * A kubeconfig for `cluster` as Istio's reader, token and CA inline (istiod
 * refuses credential file paths). Waits for the member's token controller to
 * fill the token secret. The result is a credential: never log it.
 */
export async function readerKubeconfig(
  member: KubernetesConnection,
  cluster: string,
  server: string,
  timeoutMs = 30_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const secret = await member
      .requestJson<{ data?: Record<string, string> }>({
        path: `/api/v1/namespaces/${ISTIO_NAMESPACE}/secrets/${READER_TOKEN_SECRET}`,
        signal: AbortSignal.timeout(15_000),
      })
      .catch(() => undefined);
    const token = secret?.data?.token;
    const ca = secret?.data?.['ca.crt'];
    if (token && ca) {
      return stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: cluster,
            cluster: { server, 'certificate-authority-data': ca },
          },
        ],
        users: [
          {
            name: cluster,
            user: { token: Buffer.from(token, 'base64').toString('utf8') },
          },
        ],
        contexts: [{ name: cluster, context: { cluster, user: cluster } }],
        'current-context': cluster,
      });
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${cluster}: the token of ${ISTIO_NAMESPACE}/${READER_TOKEN_SECRET} was not filled within ${
          timeoutMs / 1000
        } s (is the member's token controller running?)`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}
