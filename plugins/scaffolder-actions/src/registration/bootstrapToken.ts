import { KubernetesConnection } from '@multiregion/backstage-plugin-multicluster-node';
import { randomInt } from 'node:crypto';
import { managedLabels } from './names';

/** The group `karmadactl init` lets create and auto-approve agent CSRs. */
export const BOOTSTRAP_GROUP =
  'system:bootstrappers:karmada:default-cluster-token';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const randomString = (length: number) =>
  Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/**
 * Creates a bootstrap token Secret in Karmada (`kube-system/bootstrap-token-
 * <id>`, as `karmadactl token create`), labelled with the cluster so
 * unregister finds it. Returns the token, which only ever lives in memory.
 */
export async function createBootstrapToken(
  karmada: KubernetesConnection,
  cluster: string,
  ttlSeconds: number,
): Promise<string> {
  const id = randomString(6);
  const secret = randomString(16);
  const b64 = (value: string) => Buffer.from(value).toString('base64');
  await karmada.requestJson({
    method: 'POST',
    path: '/api/v1/namespaces/kube-system/secrets',
    body: {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'bootstrap.kubernetes.io/token',
      metadata: {
        name: `bootstrap-token-${id}`,
        namespace: 'kube-system',
        labels: managedLabels(cluster),
      },
      data: {
        'token-id': b64(id),
        'token-secret': b64(secret),
        description: b64(`karmada-agent bootstrap for ${cluster} (Backstage)`),
        expiration: b64(
          new Date(Date.now() + ttlSeconds * 1000)
            .toISOString()
            .replace(/\.\d+Z$/, 'Z'),
        ),
        'usage-bootstrap-authentication': b64('true'),
        'usage-bootstrap-signing': b64('true'),
        'auth-extra-groups': b64(BOOTSTRAP_GROUP),
      },
    },
    signal: AbortSignal.timeout(15_000),
  });
  return `${id}.${secret}`;
}

/**
 * Deletes one bootstrap token as soon as it served its purpose: it can
 * sign agent CSRs for as long as it lives.
 */
export async function deleteBootstrapToken(
  karmada: KubernetesConnection,
  token: string,
): Promise<void> {
  const id = token.split('.')[0];
  const response = await karmada.request({
    method: 'DELETE',
    path: `/api/v1/namespaces/kube-system/secrets/bootstrap-token-${id}`,
    signal: AbortSignal.timeout(15_000),
  });
  if (response.statusCode >= 300 && response.statusCode !== 404) {
    throw new Error(
      `could not delete bootstrap token Secret kube-system/bootstrap-token-${id} from ${karmada.name}: HTTP ${response.statusCode}; delete it by hand`,
    );
  }
}

/**
 * Deletes the bootstrap tokens and agent CSRs made for a cluster. Returns
 * what it deleted (names only).
 */
export async function deleteBootstrapArtifacts(
  karmada: KubernetesConnection,
  cluster: string,
): Promise<string[]> {
  const selector = `multicluster.io/cluster=${cluster}`;
  const deleted: string[] = [];
  const collections = [
    {
      path: '/api/v1/namespaces/kube-system/secrets',
      kind: 'Secret kube-system/',
    },
    {
      path: '/apis/certificates.k8s.io/v1/certificatesigningrequests',
      kind: 'CertificateSigningRequest ',
    },
  ];
  for (const collection of collections) {
    const list = await karmada.requestJson<{
      items: Array<{ metadata: { name: string } }>;
    }>({
      path: collection.path,
      query: { labelSelector: selector },
      signal: AbortSignal.timeout(15_000),
    });
    for (const item of list.items) {
      const response = await karmada.request({
        method: 'DELETE',
        path: `${collection.path}/${item.metadata.name}`,
        signal: AbortSignal.timeout(15_000),
      });
      if (response.statusCode < 300) {
        deleted.push(
          `${karmada.name}: ${collection.kind}${item.metadata.name}`,
        );
      }
    }
  }
  return deleted;
}
