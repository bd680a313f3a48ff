import { InputError } from '@backstage/errors';
import {
  KubernetesEndpoint,
  parseKubeconfig,
  kubeconfigEndpoint,
} from '@multiregion/backstage-plugin-multicluster-node';
import { ClusterProvider } from '../providers/ClusterProvider';

/** How a template names a member cluster's credentials: never inline. */
export interface MemberCredentialsInput {
  /** `<provider>:<id>` as output by `multicluster:cluster:create`. */
  credentialsRef?: string;
  /** The key of a kubeconfig in the task's secrets. */
  kubeconfigSecret?: string;
}

/**
 * Turns a credentials reference or a scaffolder secret into an endpoint for
 * the member API server. Errors name the input field; secret values are
 * never quoted.
 */
export async function resolveMemberEndpoint(
  cluster: string,
  input: MemberCredentialsInput,
  providers: ClusterProvider[],
  secrets: Record<string, string> | undefined,
): Promise<KubernetesEndpoint> {
  if (input.credentialsRef && input.kubeconfigSecret) {
    throw new InputError(
      'credentialsRef: give credentialsRef or kubeconfigSecret, not both',
    );
  }
  if (input.credentialsRef) {
    const providerName = input.credentialsRef.split(':')[0];
    const provider = providers.find(p => p.name === providerName);
    if (!provider || !input.credentialsRef.includes(':')) {
      throw new InputError(
        `credentialsRef: '${
          input.credentialsRef
        }' does not start with a configured cluster provider (known: ${
          providers.map(p => `${p.name}:`).join(', ') || 'none configured'
        })`,
      );
    }
    return {
      ...(await provider.resolveCredentials(input.credentialsRef)),
      name: cluster,
    };
  }
  if (input.kubeconfigSecret) {
    const text = secrets?.[input.kubeconfigSecret];
    if (!text) {
      throw new InputError(
        `kubeconfigSecret: the task has no secret named '${input.kubeconfigSecret}'`,
      );
    }
    const kubeconfig = parseKubeconfig(text, { at: 'kubeconfigSecret' });
    return kubeconfigEndpoint(cluster, kubeconfig);
  }
  throw new InputError(
    'credentialsRef: the member cluster needs credentialsRef (from multicluster:cluster:create) or kubeconfigSecret',
  );
}
