import { KubernetesObject, objectRef } from '../kube/objects';
import { CLUSTER_NAMESPACE, executionNamespace } from './names';

/** Where `karmadactl register` puts the agent in the member. */
export const AGENT_NAMESPACE = 'karmada-system';
export const AGENT_NAME = 'karmada-agent';
export const AGENT_SERVICE_ACCOUNT = 'karmada-agent-sa';
export const AGENT_KUBECONFIG_SECRET = 'karmada-kubeconfig';
/** Karmada's names for the agent's per-cluster RBAC (register.go). */
export const agentClusterRole = (cluster: string) =>
  `system:karmada:${cluster}:agent`;
export const agentSecretRole = (cluster: string) =>
  `system:karmada:${cluster}:agent-secret`;
export const agentWorkRole = (cluster: string) =>
  `system:karmada:${cluster}:agent-work`;
/** The user an agent certificate names. */
export const agentUser = (cluster: string) => `system:karmada:agent:${cluster}`;

const rbac = 'rbac.authorization.k8s.io/v1';
const ref = objectRef;

/** The agent's objects in the member, in deletion order. */
export function agentObjectRefs(): KubernetesObject[] {
  return [
    ref('apps/v1', 'Deployment', AGENT_NAME, AGENT_NAMESPACE),
    ref('v1', 'ServiceAccount', AGENT_SERVICE_ACCOUNT, AGENT_NAMESPACE),
    ref(rbac, 'ClusterRoleBinding', AGENT_NAME),
    ref(rbac, 'ClusterRole', AGENT_NAME),
    ref('v1', 'Secret', AGENT_KUBECONFIG_SECRET, AGENT_NAMESPACE),
  ];
}

/** The agent's per-cluster RBAC in Karmada, in deletion order. */
export function karmadaAgentRbacRefs(cluster: string): KubernetesObject[] {
  return [
    ref(rbac, 'ClusterRoleBinding', agentClusterRole(cluster)),
    ref(rbac, 'ClusterRole', agentClusterRole(cluster)),
    ref(rbac, 'RoleBinding', agentSecretRole(cluster), CLUSTER_NAMESPACE),
    ref(rbac, 'Role', agentSecretRole(cluster), CLUSTER_NAMESPACE),
    ref(
      rbac,
      'RoleBinding',
      agentWorkRole(cluster),
      executionNamespace(cluster),
    ),
    ref(rbac, 'Role', agentWorkRole(cluster), executionNamespace(cluster)),
  ];
}
