import { KubeConfig, User } from '@kubernetes/client-node';
import { KarmadaAuth } from '../config/types';
import { KubernetesEndpoint } from './KubernetesConnection';

const USER = 'user';
const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');

/**
 * The `KubeConfig` of one endpoint: its server and CA as validated from
 * app-config (they win over a kubeconfig's), and its user as client-node
 * represents it, so token files, exec plugins and OIDC work as in kubectl.
 */
export function kubeConfigFor(endpoint: KubernetesEndpoint): KubeConfig {
  const kubeConfig = new KubeConfig();
  const cluster = {
    name: endpoint.name,
    server: endpoint.url,
    caData: endpoint.caData ? b64(endpoint.caData) : undefined,
    // client-node refuses http servers unless TLS verification is off; for
    // plain http there is nothing to verify. The connection's own agent
    // decides verification from the endpoint, not from this flag.
    skipTLSVerify:
      endpoint.dangerouslySkipTLSVerify || endpoint.url.startsWith('http:'),
  };
  kubeConfig.loadFromClusterAndUser(cluster, userOf(endpoint.auth));
  return kubeConfig;
}

function userOf(auth: KarmadaAuth): User {
  switch (auth.type) {
    case 'none':
      return { name: USER };
    case 'serviceAccount':
      return { name: USER, token: auth.token };
    case 'tokenFile':
      // client-node's FileAuth: re-read after a minute.
      return {
        name: USER,
        authProvider: {
          name: 'tokenFile',
          config: { tokenFile: auth.tokenFile },
        },
      };
    case 'clientCertificate':
      return {
        name: USER,
        certData: b64(auth.certData),
        keyData: b64(auth.keyData),
      };
    case 'kubeconfig': {
      const file = new KubeConfig();
      // Relative paths (certificates, token files, exec commands) resolve
      // against the kubeconfig's folder, as kubectl does.
      file.loadFromFile(auth.path);
      if (auth.context) file.setCurrentContext(auth.context);
      const user = file.getCurrentUser();
      return { ...(user ?? {}), name: USER };
    }
    default:
      throw new Error(`unknown auth type ${(auth as { type: string }).type}`);
  }
}
