import { KubernetesObject } from '../kube/objects';

/** Where Istio lives in every member, and the names istioctl uses. */
export const ISTIO_NAMESPACE = 'istio-system';
export const READER_SERVICE_ACCOUNT = 'istio-reader-service-account';
export const READER_CLUSTER_ROLE = 'istio-reader-clusterrole-istio-system';
export const READER_TOKEN_SECRET =
  'istio-reader-service-account-istio-remote-secret-token';

const managedBy = { 'app.kubernetes.io/managed-by': 'backstage-multicluster' };

/** The network label istiod reads from its cluster's istio-system. */
export const networkOf = (cluster: string) => `network-${cluster}`;

/**
 * What a member needs so other members' istiods can read it: istio-system
 * with the member's network, and Istio's reader service account with the
 * rights `istioctl create-remote-secret` expects and a token secret.
 */
export function readerObjects(network: string): KubernetesObject[] {
  const read = ['get', 'list', 'watch'];
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ISTIO_NAMESPACE,
        labels: { 'topology.istio.io/network': network },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: READER_SERVICE_ACCOUNT,
        namespace: ISTIO_NAMESPACE,
        labels: managedBy,
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: READER_CLUSTER_ROLE, labels: managedBy },
      rules: [
        {
          apiGroups: [
            'config.istio.io',
            'security.istio.io',
            'networking.istio.io',
            'authentication.istio.io',
            'rbac.istio.io',
            'telemetry.istio.io',
            'extensions.istio.io',
          ],
          resources: ['*'],
          verbs: read,
        },
        {
          apiGroups: [''],
          resources: [
            'endpoints',
            'pods',
            'services',
            'nodes',
            'replicationcontrollers',
            'namespaces',
            'secrets',
            'configmaps',
          ],
          verbs: read,
        },
        {
          apiGroups: ['networking.x-k8s.io', 'gateway.networking.k8s.io'],
          resources: ['gateways'],
          verbs: read,
        },
        {
          apiGroups: ['apiextensions.k8s.io'],
          resources: ['customresourcedefinitions'],
          verbs: read,
        },
        {
          apiGroups: ['discovery.k8s.io'],
          resources: ['endpointslices'],
          verbs: read,
        },
        {
          apiGroups: ['multicluster.x-k8s.io'],
          resources: ['serviceexports'],
          verbs: [...read, 'create', 'delete'],
        },
        {
          apiGroups: ['multicluster.x-k8s.io'],
          resources: ['serviceimports'],
          verbs: read,
        },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: read },
        {
          apiGroups: ['authentication.k8s.io'],
          resources: ['tokenreviews'],
          verbs: ['create'],
        },
        {
          apiGroups: ['authorization.k8s.io'],
          resources: ['subjectaccessreviews'],
          verbs: ['create'],
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: READER_CLUSTER_ROLE, labels: managedBy },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: READER_CLUSTER_ROLE,
      },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: READER_SERVICE_ACCOUNT,
          namespace: ISTIO_NAMESPACE,
        },
      ],
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/service-account-token',
      metadata: {
        name: READER_TOKEN_SECRET,
        namespace: ISTIO_NAMESPACE,
        labels: managedBy,
        annotations: {
          'kubernetes.io/service-account.name': READER_SERVICE_ACCOUNT,
        },
      },
    },
  ];
}

/**
 * The remote secret an istiod watches to discover cluster `source`: its
 * data key is the source's cluster ID, the value a kubeconfig as the
 * source's reader.
 */
export function remoteSecret(
  source: string,
  kubeconfig: string,
  dryRun: boolean,
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: `istio-remote-secret-${source}`,
      namespace: ISTIO_NAMESPACE,
      labels: { ...managedBy, 'istio/multiCluster': 'true' },
      annotations: { 'networking.istio.io/cluster': source },
    },
    // A dry run never fetches tokens, so it writes no credentials either.
    data: dryRun
      ? {}
      : { [source]: Buffer.from(kubeconfig).toString('base64') },
  };
}
