import { InputError } from '@backstage/errors';
import {
  KubernetesApiError,
  KubernetesConnection,
  KubernetesEndpoint,
  parseKubeconfig,
  kubeconfigEndpoint,
} from '@multiregion/backstage-plugin-multicluster-node';
import { parse } from 'yaml';

/** Cluster API's name for the admin kubeconfig of a workload cluster. */
export const kubeconfigSecretName = (cluster: string) =>
  `${cluster}-kubeconfig`;

/** Kubeconfig fields that point at files on the machine reading it. */
const FILE_FIELDS = [
  'certificate-authority',
  'client-certificate',
  'client-key',
  'tokenFile',
];

/**
 * Reads the kubeconfig Cluster API writes for a workload cluster (Secret
 * `<cluster>-kubeconfig`, key `value`) into an endpoint; `undefined` while the
 * Secret does not exist. The kubeconfig must be self-contained: a Secret in
 * the management cluster must not make the backend read its own files.
 * Errors start with `at` and never quote the Secret.
 */
export async function readKubeconfigSecret(
  management: KubernetesConnection,
  namespace: string,
  cluster: string,
  at: string,
  signal?: AbortSignal,
): Promise<KubernetesEndpoint | undefined> {
  const secret = `${namespace}/${kubeconfigSecretName(cluster)}`;
  let data: Record<string, string> | undefined;
  try {
    ({ data } = await management.requestJson<{ data?: Record<string, string> }>(
      {
        path: `/api/v1/namespaces/${encodeURIComponent(
          namespace,
        )}/secrets/${encodeURIComponent(kubeconfigSecretName(cluster))}`,
        signal: signal ?? AbortSignal.timeout(15_000),
      },
    ));
  } catch (error) {
    if (error instanceof KubernetesApiError && error.statusCode === 404) {
      return undefined;
    }
    throw error;
  }
  if (!data?.value) {
    throw new InputError(`${at}: Secret ${secret} has no key 'value'`);
  }
  const text = Buffer.from(data.value, 'base64').toString('utf8');
  if (referencesFiles(text)) {
    throw new InputError(
      `${at}: the kubeconfig in Secret ${secret} refers to files; it must carry its CA and credentials inline (*-data fields)`,
    );
  }
  const kubeconfig = parseKubeconfig(text, {
    at: `${at}: Secret ${secret}`,
  });
  return kubeconfigEndpoint(cluster, kubeconfig);
}

function referencesFiles(text: string): boolean {
  let doc: any;
  try {
    doc = parse(text);
  } catch {
    return false; // parseKubeconfig reports it, without quoting the text
  }
  const entries = [
    ...(Array.isArray(doc?.clusters) ? doc.clusters : []).map(
      (c: any) => c?.cluster,
    ),
    ...(Array.isArray(doc?.users) ? doc.users : []).map((u: any) => u?.user),
  ];
  return entries.some(
    entry => entry && FILE_FIELDS.some(field => entry[field] !== undefined),
  );
}
