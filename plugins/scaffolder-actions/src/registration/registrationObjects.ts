import { KubernetesObject, objectRef } from '../kube/objects';
import {
  CLUSTER_NAMESPACE,
  IMPERSONATOR_SA,
  karmadaImpersonatorSecret,
  karmadaSecret,
  memberClusterRole,
  memberServiceAccount,
} from './names';
import {
  AGENT_NAMESPACE,
  agentObjectRefs,
  karmadaAgentRbacRefs,
} from './pullObjects';

const ref = objectRef;

/**
 * What a registration leaves in the member, in the order `karmadactl
 * unregister` deletes it: Push objects (made by join, or by the agent in
 * Pull mode), then the agent's own.
 */
export function memberRegistrationRefs(
  cluster: string,
  mode: string,
): KubernetesObject[] {
  const sa = memberServiceAccount(cluster);
  const role = memberClusterRole(cluster);
  const refs = [
    ref('v1', 'ServiceAccount', sa, CLUSTER_NAMESPACE),
    ref('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', role),
    ref('rbac.authorization.k8s.io/v1', 'ClusterRole', role),
    ref('v1', 'Secret', sa, CLUSTER_NAMESPACE),
    ref('v1', 'ServiceAccount', IMPERSONATOR_SA, CLUSTER_NAMESPACE),
    ref('v1', 'Secret', IMPERSONATOR_SA, CLUSTER_NAMESPACE),
    ref('v1', 'Namespace', CLUSTER_NAMESPACE),
  ];
  return mode === 'Pull' ? [...refs, ...agentObjectRefs()] : refs;
}

/** What a registration leaves in Karmada besides the Cluster itself. */
export function karmadaRegistrationRefs(
  cluster: string,
  mode: string,
): KubernetesObject[] {
  const refs = [
    ref('v1', 'Secret', karmadaSecret(cluster), CLUSTER_NAMESPACE),
    ref('v1', 'Secret', karmadaImpersonatorSecret(cluster), CLUSTER_NAMESPACE),
  ];
  return mode === 'Pull' ? [...refs, ...karmadaAgentRbacRefs(cluster)] : refs;
}

export { AGENT_NAMESPACE };
