import { InputError } from '@backstage/errors';
import {
  KubernetesEndpoint,
  parseKubeconfig,
  kubeconfigEndpoint,
} from '@multiregion/backstage-plugin-multicluster-node';
import { ActionEnvironment } from '../actions/ActionEnvironment';
import { Initiator } from '../security/ActionGuard';

/** How a template names a member cluster's credentials: never inline. */
export interface MemberCredentialsInput {
  /** A signed reference, as output by `multicluster:cluster:create`. */
  credentialsRef?: string;
  /** The key of a kubeconfig in the task's secrets. */
  kubeconfigSecret?: string;
}

/**
 * Turns a signed credentials reference or a scaffolder secret into an
 * endpoint for the member API server. A reference must have been issued to
 * the task's initiator; a kubeconfig from a secret may name no files and
 * must verify TLS. Errors name the input field (`at` prefixes it); secret
 * values are never quoted.
 */
export async function resolveMemberEndpoint(
  cluster: string,
  input: MemberCredentialsInput,
  options: {
    env: ActionEnvironment;
    initiator: Initiator;
    secrets: Record<string, string> | undefined;
    at?: string;
  },
): Promise<KubernetesEndpoint> {
  const { env } = options;
  const at = options.at ?? '';
  if (input.credentialsRef && input.kubeconfigSecret) {
    throw new InputError(
      `${at}credentialsRef: give credentialsRef or kubeconfigSecret, not both`,
    );
  }
  let endpoint: KubernetesEndpoint;
  let field: string;
  if (input.credentialsRef) {
    field = `${at}credentialsRef`;
    const ref = env.security.credentialRefs.verify(
      field,
      input.credentialsRef,
      options.initiator.ref,
    );
    endpoint = await resolveProviderRef(env, cluster, ref, field);
  } else if (input.kubeconfigSecret) {
    field = `${at}kubeconfigSecret`;
    const text = options.secrets?.[input.kubeconfigSecret];
    if (!text) {
      throw new InputError(
        `${field}: the task has no secret named '${input.kubeconfigSecret}'`,
      );
    }
    const kubeconfig = parseKubeconfig(text, { at: field, inlineOnly: true });
    endpoint = kubeconfigEndpoint(cluster, kubeconfig);
  } else {
    throw new InputError(
      `${at}credentialsRef: the member cluster needs credentialsRef (from multicluster:cluster:create) or kubeconfigSecret`,
    );
  }
  await env.security.endpoints.requireSafeEndpoint(field, endpoint.url);
  return endpoint;
}

/**
 * Resolves a provider's own reference (`<provider>:<id>`), which only the
 * actions build: from a verified signed reference, or for a cluster Karmada
 * records as made by that provider (`spec.provider`).
 */
export async function resolveProviderRef(
  env: ActionEnvironment,
  cluster: string,
  ref: string,
  field: string,
): Promise<KubernetesEndpoint> {
  const providerName = ref.split(':')[0];
  const provider = env.providers.find(p => p.name === providerName);
  if (!provider || !ref.includes(':')) {
    throw new InputError(
      `${field}: '${ref}' does not start with a configured cluster provider (known: ${
        env.providers.map(p => `${p.name}:`).join(', ') || 'none configured'
      })`,
    );
  }
  return { ...(await provider.resolveCredentials(ref)), name: cluster };
}
