import { OWNER_ANNOTATION } from '@multiregion/backstage-plugin-multicluster-common';
import { KubernetesConnection } from '@multiregion/backstage-plugin-multicluster-node';
import { ServerSideApplier } from '../kube/ServerSideApplier';
import { KubernetesObject } from '../kube/objects';
import {
  CLUSTER_NAMESPACE,
  IMPERSONATOR_SA,
  karmadaImpersonatorSecret,
  karmadaSecret,
  managedLabels,
  memberClusterRole,
  memberServiceAccount,
} from './names';
import { RegistrationRequest } from './types';

const TOKEN_TIMEOUT_MS = 60_000;

/**
 * Registers a member in Push mode with the objects `karmadactl join`
 * creates: in the member a service account Karmada acts as and one it
 * impersonates through; in Karmada their tokens and the `Cluster`.
 */
export async function registerPush(request: RegistrationRequest) {
  const { cluster, changes } = request;
  const labels = managedLabels(cluster);
  const member = new ServerSideApplier(request.member);
  const karmada = new ServerSideApplier(request.karmada);
  const sa = memberServiceAccount(cluster);
  const role = memberClusterRole(cluster);

  // Member side.
  await changes.apply(member, namespace(CLUSTER_NAMESPACE, labels));
  for (const name of [IMPERSONATOR_SA, sa]) {
    await changes.apply(member, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: CLUSTER_NAMESPACE, labels },
    });
    await changes.apply(member, {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/service-account-token',
      metadata: {
        name,
        namespace: CLUSTER_NAMESPACE,
        labels,
        annotations: { 'kubernetes.io/service-account.name': name },
      },
    });
  }
  await changes.apply(member, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: role, labels },
    rules: [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['get'] },
    ],
  });
  await changes.apply(member, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: role, labels },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role,
    },
    subjects: [
      { kind: 'ServiceAccount', name: sa, namespace: CLUSTER_NAMESPACE },
    ],
  });

  const credentials = request.dryRun
    ? { token: '', caBundle: '' }
    : await waitForToken(request.member, sa);
  const impersonator = request.dryRun
    ? { token: '', caBundle: '' }
    : await waitForToken(request.member, IMPERSONATOR_SA);

  // Karmada side.
  // Shared by every cluster: labelled as ours, not as this cluster's.
  await changes.apply(
    karmada,
    namespace(CLUSTER_NAMESPACE, {
      'app.kubernetes.io/managed-by': labels['app.kubernetes.io/managed-by'],
    }),
  );
  const secrets: Array<{ name: string; data: Record<string, string> }> = [
    {
      name: karmadaSecret(cluster),
      data: { caBundle: credentials.caBundle, token: credentials.token },
    },
    {
      name: karmadaImpersonatorSecret(cluster),
      data: { token: impersonator.token },
    },
  ];
  const secretObject = (
    name: string,
    data: Record<string, string>,
    owner?: KubernetesObject,
  ): KubernetesObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: CLUSTER_NAMESPACE,
      labels,
      ...(owner ? { ownerReferences: [ownerReference(owner)] } : {}),
    },
    data: request.dryRun ? {} : data,
  });
  const created = await changes.apply(karmada, {
    apiVersion: 'cluster.karmada.io/v1alpha1',
    kind: 'Cluster',
    metadata: {
      name: cluster,
      labels: { ...request.labels, ...labels },
      annotations: { [OWNER_ANNOTATION]: request.owner },
    },
    spec: {
      id: request.clusterId,
      syncMode: 'Push',
      apiEndpoint: request.apiEndpoint,
      secretRef: { namespace: CLUSTER_NAMESPACE, name: karmadaSecret(cluster) },
      impersonatorSecretRef: {
        namespace: CLUSTER_NAMESPACE,
        name: karmadaImpersonatorSecret(cluster),
      },
      region: request.region,
      zones: request.zones,
      ...(request.provider ? { provider: request.provider } : {}),
    },
  });
  // Owned by the Cluster, the credentials go with it (as karmadactl join
  // arranges). Karmada retries the Cluster until they exist.
  for (const secret of secrets) {
    await changes.apply(
      karmada,
      secretObject(
        secret.name,
        secret.data,
        request.dryRun ? undefined : created,
      ),
    );
  }
}

function namespace(
  name: string,
  labels: Record<string, string>,
): KubernetesObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

function ownerReference(owner: KubernetesObject) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * Waits for the member's token controller to fill a service-account token
 * Secret. Returns base64 values as Secret data holds them.
 */
async function waitForToken(
  member: KubernetesConnection,
  name: string,
): Promise<{ token: string; caBundle: string }> {
  const deadline = Date.now() + TOKEN_TIMEOUT_MS;
  for (;;) {
    const secret = await member.requestJson<{
      data?: Record<string, string>;
    }>({
      path: `/api/v1/namespaces/${CLUSTER_NAMESPACE}/secrets/${name}`,
      signal: AbortSignal.timeout(15_000),
    });
    if (secret.data?.token) {
      return {
        token: secret.data.token,
        caBundle: secret.data['ca.crt'] ?? '',
      };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the member's token controller did not fill Secret ${CLUSTER_NAMESPACE}/${name} within ${
          TOKEN_TIMEOUT_MS / 1000
        } s (is kube-controller-manager running with the serviceaccount-token controller?)`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}
