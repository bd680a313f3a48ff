import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { KubeconfigConnection } from './readKubeconfig';

/**
 * The API server of the pod Backstage runs in (`auth.type: inCluster`), as
 * client-node's in-cluster config finds it: `KUBERNETES_SERVICE_HOST` and
 * `_PORT`, the service account's CA, and its token file, which the kubelet
 * rotates and client-node re-reads.
 */
export function readInClusterConfig(at: string): KubeconfigConnection {
  if (!process.env.KUBERNETES_SERVICE_HOST) {
    throw new InputError(
      `${at}.type: inCluster needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT (Backstage is not running in a pod)`,
    );
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromCluster();
  const cluster = kubeConfig.getCurrentCluster()!;
  const tokenFile = kubeConfig.getCurrentUser()!.authProvider.config
    .tokenFile as string;
  let caData: string;
  try {
    caData = readFileSync(cluster.caFile!, 'utf8');
    readFileSync(tokenFile);
  } catch (error) {
    throw new InputError(
      `${at}.type: inCluster, but ${
        (error as { path?: string }).path ?? 'the service account'
      } cannot be read: is a service account token mounted?`,
    );
  }
  return {
    url: cluster.server,
    caData,
    insecureSkipTLSVerify: false,
    auth: { type: 'tokenFile', tokenFile },
  };
}
