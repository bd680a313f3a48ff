import { OWNER_ANNOTATION } from '@multiregion/backstage-plugin-multicluster-common';
import { stringify } from 'yaml';
import { RequiredAccess } from '../members/checkMemberAccess';
import { KubernetesObject } from '../kube/objects';
import { ServerSideApplier } from '../kube/ServerSideApplier';
import { requestAgentCertificate } from './agentCertificate';
import { createBootstrapToken, deleteBootstrapToken } from './bootstrapToken';
import { CLUSTER_NAMESPACE, executionNamespace, managedLabels } from './names';
import {
  AGENT_KUBECONFIG_SECRET,
  AGENT_NAME,
  AGENT_NAMESPACE,
  AGENT_SERVICE_ACCOUNT,
  agentClusterRole,
  agentSecretRole,
  agentUser,
  agentWorkRole,
} from './pullObjects';
import { RegistrationRequest } from './types';

export const DEFAULT_AGENT_IMAGE = 'docker.io/karmada/karmada-agent:v1.18.2';

/** What Pull registration creates in the member, checked before it starts. */
export const PULL_MEMBER_ACCESS: RequiredAccess[] = [
  { verb: 'create', group: '', resource: 'namespaces' },
  { verb: 'create', group: '', resource: 'secrets' },
  { verb: 'create', group: 'apps', resource: 'deployments' },
  {
    verb: 'create',
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterroles',
  },
  { verb: '*', group: '*', resource: '*' },
];

/** Cluster-wide objects `karmadactl init` makes for bootstrap tokens. */
const BOOTSTRAP_SETUP = [
  'system:karmada:agent-bootstrap',
  'system:karmada:agent-autoapprove-bootstrap',
];

export interface PullOptions {
  agentImage?: string;
  karmadaApiEndpoint: string;
  karmadaCaData?: string;
  tokenTtlSeconds: number;
}

const rbac = 'rbac.authorization.k8s.io/v1';

/**
 * Registers a member in Pull mode as `karmadactl register` does: the agent's
 * RBAC in Karmada, a client certificate obtained with a bootstrap token, and
 * the karmada-agent Deployment with its kubeconfig Secret in the member. The
 * agent then creates the `Cluster` itself.
 */
export async function registerPull(
  request: RegistrationRequest,
  options: PullOptions,
): Promise<void> {
  const { cluster, changes } = request;
  const labels = managedLabels(cluster);
  const karmada = new ServerSideApplier(request.karmada);
  const member = new ServerSideApplier(request.member);
  await requireBootstrapSetup(request);

  // Karmada side: what the agent's certificate may do (register.go).
  await changes.apply(karmada, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: CLUSTER_NAMESPACE,
      labels: {
        'app.kubernetes.io/managed-by': labels['app.kubernetes.io/managed-by'],
      },
    },
  });
  await changes.apply(karmada, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: executionNamespace(cluster), labels },
  });
  for (const object of agentRbac(cluster, labels)) {
    await changes.apply(karmada, object);
  }

  // The certificate is issued once; a later run keeps the existing Secret.
  const secretRef: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: AGENT_KUBECONFIG_SECRET, namespace: AGENT_NAMESPACE },
  };
  const hasKubeconfig =
    !request.dryRun && (await secretExists(member, secretRef));
  await changes.apply(member, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: AGENT_NAMESPACE, labels },
  });
  if (!hasKubeconfig && !request.dryRun) {
    const token = await createBootstrapToken(
      request.karmada,
      cluster,
      options.tokenTtlSeconds,
    );
    let credentials: Awaited<ReturnType<typeof requestAgentCertificate>>;
    try {
      credentials = await requestAgentCertificate(
        options.karmadaApiEndpoint,
        options.karmadaCaData,
        token,
        cluster,
      );
    } finally {
      // Used once: the agent holds a certificate from here on.
      await deleteBootstrapToken(request.karmada, token);
    }
    const kubeconfig = agentKubeconfig(cluster, options, credentials);
    await changes.apply(member, {
      ...secretRef,
      type: 'Opaque',
      metadata: { ...secretRef.metadata, labels },
      stringData: { [AGENT_KUBECONFIG_SECRET]: kubeconfig },
    });
  }
  for (const object of agentManifests(request, options, labels)) {
    await changes.apply(member, object);
  }
}

/**
 * The agent creates the Cluster with region, zones and provider from its
 * flags but has no flag for labels: once the Cluster exists, add ours with
 * a labels-only apply that leaves the agent's fields alone.
 */
export async function labelPullCluster(
  request: RegistrationRequest,
): Promise<void> {
  await request.changes.apply(new ServerSideApplier(request.karmada), {
    apiVersion: 'cluster.karmada.io/v1alpha1',
    kind: 'Cluster',
    metadata: {
      name: request.cluster,
      labels: { ...request.labels, ...managedLabels(request.cluster) },
      annotations: { [OWNER_ANNOTATION]: request.owner },
    },
  });
}

async function requireBootstrapSetup(request: RegistrationRequest) {
  const missing: string[] = [];
  for (const name of BOOTSTRAP_SETUP) {
    const response = await request.karmada.request({
      path: `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${name}`,
      signal: AbortSignal.timeout(15_000),
    });
    if (response.statusCode === 404) missing.push(name);
  }
  if (missing.length) {
    throw new Error(
      `mode: Karmada ${
        request.karmada.name
      } is not set up for Pull registration: ClusterRoleBinding ${missing.join(
        ', ',
      )} missing (karmadactl init creates them, see Karmada's bootstrap-token-configuration.yaml)`,
    );
  }
}

async function secretExists(
  member: ServerSideApplier,
  secret: KubernetesObject,
) {
  const existing = (await member.get(secret)) as
    | { data?: Record<string, string> }
    | undefined;
  return Boolean(existing?.data?.[AGENT_KUBECONFIG_SECRET]);
}

function agentKubeconfig(
  cluster: string,
  options: PullOptions,
  credentials: { certificate: string; privateKey: string },
): string {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'karmada-apiserver',
        cluster: {
          server: options.karmadaApiEndpoint,
          ...(options.karmadaCaData
            ? { 'certificate-authority-data': b64(options.karmadaCaData) }
            : {}),
        },
      },
    ],
    users: [
      {
        name: cluster,
        user: {
          'client-certificate-data': b64(credentials.certificate),
          'client-key-data': b64(credentials.privateKey),
        },
      },
    ],
    contexts: [
      {
        name: `${cluster}@karmada-apiserver`,
        context: { cluster: 'karmada-apiserver', user: cluster },
      },
    ],
    'current-context': `${cluster}@karmada-apiserver`,
  });
}

/** The per-cluster RBAC of the agent user in Karmada (register.go). */
function agentRbac(
  cluster: string,
  labels: Record<string, string>,
): KubernetesObject[] {
  const user = [
    {
      kind: 'User',
      apiGroup: 'rbac.authorization.k8s.io',
      name: agentUser(cluster),
    },
  ];
  const binding = (
    kind: 'ClusterRoleBinding' | 'RoleBinding',
    name: string,
    namespace?: string,
  ) => ({
    apiVersion: rbac,
    kind,
    metadata: { name, labels, ...(namespace ? { namespace } : {}) },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: kind === 'ClusterRoleBinding' ? 'ClusterRole' : 'Role',
      name,
    },
    subjects: user,
  });
  const role = agentClusterRole(cluster);
  const secretRole = agentSecretRole(cluster);
  const workRole = agentWorkRole(cluster);
  const es = executionNamespace(cluster);
  return [
    {
      apiVersion: rbac,
      kind: 'ClusterRole',
      metadata: { name: role, labels },
      rules: [
        {
          apiGroups: ['cluster.karmada.io'],
          resources: ['clusters'],
          resourceNames: [cluster],
          verbs: ['get', 'delete'],
        },
        {
          apiGroups: ['cluster.karmada.io'],
          resources: ['clusters'],
          verbs: ['create', 'list', 'watch'],
        },
        {
          apiGroups: ['cluster.karmada.io'],
          resources: ['clusters/status'],
          resourceNames: [cluster],
          verbs: ['update'],
        },
        {
          apiGroups: ['config.karmada.io'],
          resources: [
            'resourceinterpreterwebhookconfigurations',
            'resourceinterpretercustomizations',
          ],
          verbs: ['get', 'list', 'watch'],
        },
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get'] },
        {
          apiGroups: ['coordination.k8s.io'],
          resources: ['leases'],
          verbs: ['get', 'create', 'update'],
        },
        {
          apiGroups: ['certificates.k8s.io'],
          resources: ['certificatesigningrequests'],
          verbs: ['get', 'create'],
        },
        { apiGroups: [''], resources: ['services'], verbs: ['list', 'watch'] },
        {
          apiGroups: [''],
          resources: ['events'],
          verbs: ['patch', 'create', 'update'],
        },
      ],
    },
    binding('ClusterRoleBinding', role),
    {
      apiVersion: rbac,
      kind: 'Role',
      metadata: { name: secretRole, namespace: CLUSTER_NAMESPACE, labels },
      rules: [
        {
          apiGroups: [''],
          resources: ['secrets'],
          resourceNames: [cluster, `${cluster}-impersonator`],
          verbs: ['get', 'patch'],
        },
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      ],
    },
    binding('RoleBinding', secretRole, CLUSTER_NAMESPACE),
    {
      apiVersion: rbac,
      kind: 'Role',
      metadata: { name: workRole, namespace: es, labels },
      rules: [
        {
          apiGroups: ['work.karmada.io'],
          resources: ['works'],
          verbs: ['get', 'create', 'list', 'watch', 'update', 'delete'],
        },
        {
          apiGroups: ['work.karmada.io'],
          resources: ['works/status'],
          verbs: ['patch', 'update'],
        },
      ],
    },
    binding('RoleBinding', workRole, es),
  ];
}

/** The agent's objects in the member, as `karmadactl register` deploys them. */
function agentManifests(
  request: RegistrationRequest,
  options: PullOptions,
  labels: Record<string, string>,
): KubernetesObject[] {
  const mountPath = '/etc/kubeconfig';
  return [
    {
      apiVersion: rbac,
      kind: 'ClusterRole',
      metadata: { name: AGENT_NAME, labels },
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['*'], verbs: ['get'] },
      ],
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: AGENT_SERVICE_ACCOUNT,
        namespace: AGENT_NAMESPACE,
        labels,
      },
    },
    {
      apiVersion: rbac,
      kind: 'ClusterRoleBinding',
      metadata: { name: AGENT_NAME, labels },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: AGENT_NAME,
      },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: AGENT_SERVICE_ACCOUNT,
          namespace: AGENT_NAMESPACE,
        },
      ],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: AGENT_NAME,
        namespace: AGENT_NAMESPACE,
        labels: { ...labels, app: AGENT_NAME },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: AGENT_NAME } },
        template: {
          metadata: { labels: { app: AGENT_NAME } },
          spec: {
            serviceAccountName: AGENT_SERVICE_ACCOUNT,
            tolerations: [
              { key: 'node-role.kubernetes.io/master', operator: 'Exists' },
            ],
            containers: [
              {
                name: AGENT_NAME,
                image: options.agentImage ?? DEFAULT_AGENT_IMAGE,
                command: [
                  '/bin/karmada-agent',
                  `--karmada-kubeconfig=${mountPath}/${AGENT_KUBECONFIG_SECRET}`,
                  `--cluster-name=${request.cluster}`,
                  `--cluster-api-endpoint=${request.apiEndpoint}`,
                  ...(request.provider
                    ? [`--cluster-provider=${request.provider}`]
                    : []),
                  `--cluster-region=${request.region}`,
                  ...(request.zones.length
                    ? [`--cluster-zones=${request.zones.join(',')}`]
                    : []),
                  '--controllers=*',
                  `--leader-elect-resource-namespace=${AGENT_NAMESPACE}`,
                  `--cluster-namespace=${CLUSTER_NAMESPACE}`,
                  '--cluster-status-update-frequency=10s',
                  '--metrics-bind-address=:8080',
                  '--health-probe-bind-address=0.0.0.0:10357',
                ],
                ports: [{ name: 'metrics', containerPort: 8080 }],
                volumeMounts: [{ name: 'kubeconfig', mountPath }],
              },
            ],
            volumes: [
              {
                name: 'kubeconfig',
                secret: { secretName: AGENT_KUBECONFIG_SECRET },
              },
            ],
          },
        },
      },
    },
  ];
}
