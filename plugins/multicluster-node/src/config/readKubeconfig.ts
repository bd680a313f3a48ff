import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { KubernetesEndpoint } from '../kubernetes/KubernetesConnection';
import { KarmadaAuth } from './types';

type Json = any; // kubeconfig YAML

/** What a kubeconfig context contributes to a Karmada connection. */
export interface KubeconfigConnection {
  url: string;
  caData?: string;
  insecureSkipTLSVerify: boolean;
  auth: KarmadaAuth;
}

/**
 * Reads the server, CA and credentials of one kubeconfig context, as kubectl
 * would: inline `*-data` fields (base64) or file paths relative to the
 * kubeconfig. Exec and auth-provider plugins are not supported.
 */
export function readKubeconfig(
  path: string,
  context: string | undefined,
  at: string,
): KubeconfigConnection {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(
      `${at}.path: cannot read kubeconfig '${path}': ${
        (error as Error).message
      }`,
    );
  }
  return parseKubeconfig(text, {
    context,
    at,
    baseDir: dirname(path),
    source: path,
  });
}

/**
 * The server and CA of a kubeconfig context from app-config
 * (`auth.type: kubeconfig`), read with client-node as kubectl would; the
 * user stays a reference to the file and context, so whatever it is (token,
 * certificate, exec plugin, OIDC) client-node applies it on every request.
 */
export function readKubeconfigCluster(
  path: string,
  context: string | undefined,
  at: string,
): KubeconfigConnection {
  const kubeConfig = new KubeConfig();
  try {
    kubeConfig.loadFromFile(path);
  } catch (error) {
    throw new InputError(
      `${at}.path: cannot read kubeconfig '${path}': ${
        (error as NodeJS.ErrnoException).code ?? 'not a kubeconfig'
      }`,
    );
  }
  const contextName = context ?? kubeConfig.getCurrentContext();
  const ctx = kubeConfig.getContextObject(contextName);
  if (!ctx) {
    throw new InputError(
      `${at}.context: kubeconfig '${path}' has no context '${
        contextName || '(none set)'
      }'`,
    );
  }
  const cluster = kubeConfig.getCluster(ctx.cluster);
  if (!cluster?.server) {
    throw new InputError(
      `${at}: context '${contextName}' names cluster '${ctx.cluster}', which has no server`,
    );
  }
  const user = kubeConfig.getUser(ctx.user);
  if (!user) {
    throw new InputError(
      `${at}: context '${contextName}' names user '${ctx.user}', which the kubeconfig does not define`,
    );
  }
  if (user.username || user.password) {
    throw new InputError(
      `${at}: user '${ctx.user}' uses basic auth (username/password), which Kubernetes removed; use a token, certificate or exec plugin`,
    );
  }
  // client-node keeps no `tokenFile` of a user: read it as kubectl does,
  // relative to the kubeconfig, and re-read it as it changes.
  const tokenFile = rawUser(path, ctx.user)?.tokenFile;
  let caData: string | undefined;
  try {
    caData = cluster.caData
      ? Buffer.from(cluster.caData, 'base64').toString('utf8')
      : cluster.caFile && readFileSync(cluster.caFile, 'utf8');
  } catch {
    throw new InputError(
      `${at}: cannot read certificate-authority '${cluster.caFile}' of cluster '${ctx.cluster}'`,
    );
  }
  return {
    url: cluster.server,
    caData: caData || undefined,
    insecureSkipTLSVerify: cluster.skipTLSVerify,
    auth:
      typeof tokenFile === 'string'
        ? { type: 'tokenFile', tokenFile: resolve(dirname(path), tokenFile) }
        : { type: 'kubeconfig', path, context: contextName },
  };
}

/** A user entry as written in the file (client-node drops some fields). */
function rawUser(path: string, name: string): Json | undefined {
  try {
    const doc = parse(readFileSync(path, 'utf8'));
    return named(doc?.users, name)?.user;
  } catch {
    return undefined; // client-node read it already; nothing more to learn
  }
}

/**
 * Parses kubeconfig text held in memory (a scaffolder secret, a Cluster API
 * secret, a Terraform output). Relative file paths resolve against
 * `baseDir`; errors name `at` and never quote the document.
 *
 * `inlineOnly` is for kubeconfigs a user hands in (a task secret): they may
 * not name files, which the backend would read from its own disk, nor skip
 * TLS verification.
 */
export function parseKubeconfig(
  text: string,
  options: {
    context?: string;
    at: string;
    baseDir?: string;
    source?: string;
    inlineOnly?: boolean;
  },
): KubeconfigConnection {
  const { context, at } = options;
  const path = options.source ?? '(in memory)';
  let doc: Json;
  try {
    doc = parse(text);
  } catch {
    throw new InputError(`${at}: not a kubeconfig (invalid YAML)`);
  }
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.clusters)) {
    throw new InputError(`${at}: not a kubeconfig (no clusters list)`);
  }
  const dir = options.baseDir ?? process.cwd();
  const contextName = context ?? doc?.['current-context'];
  const ctx = named(doc?.contexts, contextName)?.context;
  if (!ctx) {
    throw new InputError(
      `${at}.context: kubeconfig '${path}' has no context '${
        contextName ?? '(none set)'
      }'`,
    );
  }
  const cluster = named(doc.clusters, ctx.cluster)?.cluster;
  if (!cluster?.server) {
    throw new InputError(
      `${at}: context '${contextName}' names cluster '${ctx.cluster}', which has no server`,
    );
  }
  const user = named(doc.users, ctx.user)?.user ?? {};
  if (options.inlineOnly) {
    refuseFilesAndInsecure(at, cluster, user);
  }
  const file = (p: string) => readFileSync(resolve(dir, p), 'utf8');
  const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

  let auth: KarmadaAuth = { type: 'none' };
  if (user.exec || user['auth-provider']) {
    throw new InputError(
      `${at}: user '${ctx.user}' uses an exec or auth-provider plugin, which the plugin cannot run; use a token or client certificate`,
    );
  } else if (user.token || user.tokenFile) {
    auth = {
      type: 'serviceAccount',
      token: (user.token ?? file(user.tokenFile)).trim(),
    };
  } else if (user['client-certificate-data'] || user['client-certificate']) {
    auth = {
      type: 'clientCertificate',
      certData: user['client-certificate-data']
        ? decode(user['client-certificate-data'])
        : file(user['client-certificate']),
      keyData: user['client-key-data']
        ? decode(user['client-key-data'])
        : file(user['client-key']),
    };
  }

  return {
    url: cluster.server,
    caData: cluster['certificate-authority-data']
      ? decode(cluster['certificate-authority-data'])
      : cluster['certificate-authority'] &&
        file(cluster['certificate-authority']),
    insecureSkipTLSVerify: Boolean(cluster['insecure-skip-tls-verify']),
    auth,
  };
}

const FILE_FIELDS = {
  cluster: ['certificate-authority'],
  user: [
    'tokenFile',
    'client-certificate',
    'client-key',
    'exec',
    'auth-provider',
  ],
};

function refuseFilesAndInsecure(at: string, cluster: Json, user: Json) {
  const fields = [
    ...FILE_FIELDS.cluster
      .filter(f => cluster?.[f] !== undefined)
      .map(f => `cluster ${f}`),
    ...FILE_FIELDS.user
      .filter(f => user?.[f] !== undefined)
      .map(f => `user ${f}`),
  ];
  if (fields.length) {
    throw new InputError(
      `${at}: the kubeconfig names ${fields.join(
        ', ',
      )}; a kubeconfig given to a task must carry its credentials and CA inline (*-data fields or token)`,
    );
  }
  if (cluster?.['insecure-skip-tls-verify']) {
    throw new InputError(
      `${at}: the kubeconfig sets insecure-skip-tls-verify; a kubeconfig given to a task must verify the API server (certificate-authority-data)`,
    );
  }
}

function named(list: Json[] | undefined, name: string | undefined) {
  return list?.find(entry => entry?.name === name);
}

/** A kubeconfig context as an endpoint the connection classes accept. */
export function kubeconfigEndpoint(
  name: string,
  kubeconfig: KubeconfigConnection,
): KubernetesEndpoint {
  return {
    name,
    url: kubeconfig.url,
    caData: kubeconfig.caData,
    dangerouslySkipTLSVerify: kubeconfig.insecureSkipTLSVerify,
    auth: kubeconfig.auth,
  };
}
