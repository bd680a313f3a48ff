import { InputError } from '@backstage/errors';
import {
  describeRequestFailure,
  KubernetesConnection,
} from '@multiregion/backstage-plugin-multicluster-node';

/** One permission an action needs, as a SelfSubjectAccessReview asks it. */
export interface RequiredAccess {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
}

const PROBE_TIMEOUT_MS = 10_000;

/**
 * Fails before anything is created when a member API server cannot be used:
 * unreachable, serving a certificate the CA does not sign, refusing the
 * credentials, or lacking permissions. Returns the member's cluster ID (the
 * `kube-system` namespace UID, which `karmadactl join` uses).
 */
export async function checkMemberAccess(
  member: KubernetesConnection,
  field: string,
  required: RequiredAccess[],
): Promise<{ clusterId: string; version: string }> {
  let version: { gitVersion?: string };
  try {
    const response = await member.get('/version', PROBE_TIMEOUT_MS);
    if (response.statusCode === 401 || response.statusCode === 403) {
      throw new InputError(
        `${field}: the member API server ${member.url} refused the credentials (HTTP ${response.statusCode})`,
      );
    }
    if (response.statusCode !== 200) {
      throw new InputError(
        `${field}: the member API server ${member.url} answered /version with HTTP ${response.statusCode}`,
      );
    }
    version = JSON.parse(response.body);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `${field}: cannot reach the member API server ${
        member.url
      }: ${explainFailure(error)}`,
    );
  }

  const missing: string[] = [];
  for (const access of required) {
    const review = await member.requestJson<{ status?: { allowed?: boolean } }>(
      {
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: access },
        },
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      },
    );
    if (!review.status?.allowed) {
      missing.push(
        `${access.verb} ${access.resource}${
          access.group ? `.${access.group}` : ''
        }${access.namespace ? ` in ${access.namespace}` : ''}`,
      );
    }
  }
  if (missing.length) {
    throw new InputError(
      `${field}: the credentials lack permissions in the member: ${missing.join(
        ', ',
      )}`,
    );
  }

  return {
    clusterId: await readClusterId(member),
    version: version.gitVersion ?? 'unknown',
  };
}

/** The member's cluster ID: its `kube-system` UID, as Karmada records it. */
export async function readClusterId(
  member: KubernetesConnection,
): Promise<string> {
  const kubeSystem = await member.requestJson<{ metadata: { uid: string } }>({
    path: '/api/v1/namespaces/kube-system',
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
  });
  return kubeSystem.metadata.uid;
}

/** Puts a TLS verification failure in the words an operator looks for. */
function explainFailure(error: unknown): string {
  const text = describeRequestFailure(error, PROBE_TIMEOUT_MS);
  if (/certificate|self[- ]signed|UNABLE_TO_VERIFY|ERR_TLS/i.test(text)) {
    return `its certificate is not signed by the given CA (wrong CA?): ${text}`;
  }
  return text;
}
