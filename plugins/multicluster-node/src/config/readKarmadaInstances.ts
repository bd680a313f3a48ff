import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readFileSync } from 'node:fs';
import { readKubeconfigCluster } from './readKubeconfig';
import { readInClusterConfig } from './readInClusterConfig';
import { KubernetesEndpoint } from '../kubernetes/KubernetesConnection';
import { KarmadaAuth, KarmadaInstanceConfig } from './types';

const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Reads and validates `multicluster.karmada[]`. Every error names the config
 * key it comes from, so a broken entry is found without reading code.
 */
export function readKarmadaInstances(config: Config): KarmadaInstanceConfig[] {
  const entries = config.getOptionalConfigArray('multicluster.karmada') ?? [];
  const seen = new Set<string>();

  return entries.map((entry, index) => {
    const at = `multicluster.karmada[${index}]`;
    const name = entry.getString('name');
    if (!NAME_PATTERN.test(name) || name.length > 63) {
      throw new InputError(
        `${at}.name: '${name}' is not a DNS-1123 label (lower case letters, digits and '-', at most 63 characters)`,
      );
    }
    if (seen.has(name)) {
      throw new InputError(`${at}.name: '${name}' is configured twice`);
    }
    seen.add(name);

    const scaffolderAuth = entry.getOptionalConfig('scaffolderAuth');
    const agentApiEndpoint = entry.getOptionalString('agentApiEndpoint');
    return {
      ...readKubernetesEndpoint(entry, at, name),
      ...(scaffolderAuth
        ? { scaffolderAuth: readAuth(scaffolderAuth, `${at}.scaffolderAuth`) }
        : {}),
      ...(agentApiEndpoint
        ? {
            agentApiEndpoint: readUrl(
              agentApiEndpoint,
              `${at}.agentApiEndpoint`,
            ),
          }
        : {}),
    };
  });
}

/**
 * Reads one API server's URL, CA, TLS and auth settings, the shape of a
 * `multicluster.karmada[]` entry; also used for other clusters the plugins
 * talk to, such as a Cluster API management cluster. Errors name `at`.
 */
export function readKubernetesEndpoint(
  entry: Config,
  at: string,
  name: string,
): KubernetesEndpoint {
  const caData = entry.getOptionalString('caData');
  const caFile = entry.getOptionalString('caFile');
  if (caData && caFile) {
    throw new InputError(`${at}: set caData or caFile, not both`);
  }
  const skipTLSVerify = entry.getOptionalBoolean('dangerouslySkipTLSVerify');

  const auth = entry.getOptionalConfig('auth');
  const type = auth?.getOptionalString('type');
  if (auth && (type === 'kubeconfig' || type === 'inCluster')) {
    // Server and CA come from the kubeconfig or the pod's service account;
    // explicit url/CA/TLS settings in app-config still win.
    const from =
      type === 'kubeconfig'
        ? readKubeconfigCluster(
            auth.getString('path'),
            auth.getOptionalString('context'),
            `${at}.auth`,
          )
        : readInClusterConfig(`${at}.auth`);
    const url = entry.getOptionalString('url') ?? from.url;
    return {
      name,
      url: readUrl(url, `${at}.url`),
      caData: caData ?? readOptionalFile(caFile, `${at}.caFile`) ?? from.caData,
      dangerouslySkipTLSVerify: skipTLSVerify ?? from.insecureSkipTLSVerify,
      auth: from.auth,
    };
  }

  return {
    name,
    url: readUrl(entry.getString('url'), `${at}.url`),
    caData: caData ?? readOptionalFile(caFile, `${at}.caFile`),
    dangerouslySkipTLSVerify: skipTLSVerify ?? false,
    auth: readAuth(auth, `${at}.auth`),
  };
}

function readUrl(value: string, at: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new InputError(`${at}: '${value}' is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new InputError(`${at}: must be an http(s) URL, got '${value}'`);
  }
  if (parsed.username || parsed.password) {
    throw new InputError(`${at}: must not carry credentials; use auth`);
  }
  return value.replace(/\/+$/, '');
}

function readAuth(auth: Config | undefined, at: string): KarmadaAuth {
  if (!auth) {
    return { type: 'none' };
  }
  const type = auth.getString('type');
  switch (type) {
    case 'serviceAccount': {
      const token = auth.getOptionalString('token');
      const tokenFile = auth.getOptionalString('tokenFile');
      if (token && tokenFile) {
        throw new InputError(`${at}: set token or tokenFile, not both`);
      }
      if (tokenFile) {
        // Read once now, so a wrong path fails the start; client-node reads
        // it again as it changes.
        readOptionalFile(tokenFile, `${at}.tokenFile`);
        return { type: 'tokenFile', tokenFile };
      }
      if (!token) {
        throw new InputError(`${at}: token or tokenFile is required`);
      }
      return { type, token: token.trim() };
    }
    case 'clientCertificate': {
      const certData =
        auth.getOptionalString('certData') ??
        readOptionalFile(auth.getOptionalString('certFile'), `${at}.certFile`);
      const keyData =
        auth.getOptionalString('keyData') ??
        readOptionalFile(auth.getOptionalString('keyFile'), `${at}.keyFile`);
      if (!certData) {
        throw new InputError(`${at}: certData or certFile is required`);
      }
      if (!keyData) {
        throw new InputError(`${at}: keyData or keyFile is required`);
      }
      return { type, certData, keyData };
    }
    case 'kubeconfig':
      // The user of the context, for an instance whose url is set.
      return readKubeconfigCluster(
        auth.getString('path'),
        auth.getOptionalString('context'),
        at,
      ).auth;
    case 'inCluster':
      return readInClusterConfig(at).auth;
    default:
      throw new InputError(
        `${at}.type: '${type}' is not one of serviceAccount, clientCertificate, kubeconfig, inCluster`,
      );
  }
}

function readOptionalFile(path: string | undefined, at: string) {
  if (!path) {
    return undefined;
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${at}: cannot read '${path}': ${String(error)}`);
  }
}
