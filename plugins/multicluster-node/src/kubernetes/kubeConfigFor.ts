import { KubeConfig, User } from '@kubernetes/client-node';
import { KarmadaAuth } from '../config/types';
import { KubernetesEndpoint } from './KubernetesConnection';

const USER = 'user';
const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');

/**
 * One `KubeConfig` per endpoint and kubeconfig user, shared by every
 * connection made with them: client-node caches exec credentials and OIDC
 * tokens per `KubeConfig`, and actions open a connection per run. Only
 * kubeconfig users named in app-config are kept, so the map is bounded by
 * the configuration; other credentials need no cache.
 */
const shared = new Map<string, KubeConfig>();

/**
 * The `KubeConfig` of one endpoint: its server and CA as validated from
 * app-config (they win over a kubeconfig's), and its user as client-node
 * represents it, so token files, exec plugins and OIDC work as in kubectl.
 */
export function kubeConfigFor(endpoint: KubernetesEndpoint): KubeConfig {
  const key = JSON.stringify([
    endpoint.url,
    endpoint.caData,
    endpoint.dangerouslySkipTLSVerify,
    endpoint.auth,
  ]);
  let kubeConfig =
    endpoint.auth.type === 'kubeconfig' ? shared.get(key) : undefined;
  if (!kubeConfig) {
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromClusterAndUser(
      {
        name: endpoint.name,
        server: endpoint.url,
        caData: endpoint.caData ? b64(endpoint.caData) : undefined,
        // client-node refuses http servers unless TLS verification is off;
        // for plain http there is nothing to verify. The connection's own
        // agent decides verification from the endpoint, not from this flag.
        skipTLSVerify:
          endpoint.dangerouslySkipTLSVerify || endpoint.url.startsWith('http:'),
      },
      userOf(endpoint.name, endpoint.auth),
    );
    if (endpoint.auth.type === 'kubeconfig') shared.set(key, kubeConfig);
  }
  return kubeConfig;
}

function userOf(name: string, auth: KarmadaAuth): User {
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
      try {
        // Certificate and key paths resolve against the kubeconfig's folder.
        file.loadFromFile(auth.path);
        if (auth.context) file.setCurrentContext(auth.context);
      } catch {
        // A YAML error quotes the file around the fault: never show it.
        throw new Error(
          `${name}: cannot load kubeconfig ${auth.path}${
            auth.context ? ` context ${auth.context}` : ''
          }`,
        );
      }
      return { ...(file.getCurrentUser() ?? {}), name: USER };
    }
    default:
      throw new Error(`unknown auth type ${(auth as { type: string }).type}`);
  }
}
