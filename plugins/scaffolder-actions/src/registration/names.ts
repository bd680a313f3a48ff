/**
 * The names `karmadactl join` gives the objects of a Push registration
 * (karmada pkg/karmadactl/join and pkg/util/names), so clusters joined by
 * either tool look the same.
 */
export const CLUSTER_NAMESPACE = 'karmada-cluster';
export const IMPERSONATOR_SA = 'karmada-impersonator';
export const memberServiceAccount = (cluster: string) => `karmada-${cluster}`;
export const memberClusterRole = (cluster: string) =>
  `karmada-controller-manager:karmada-${cluster}`;
export const karmadaSecret = (cluster: string) => cluster;
export const karmadaImpersonatorSecret = (cluster: string) =>
  `${cluster}-impersonator`;
/** Karmada's per-cluster namespace for Work objects. */
export const executionNamespace = (cluster: string) => `karmada-es-${cluster}`;

/** Labels on everything the actions create, so cleanup can find it. */
export const managedLabels = (cluster: string) => ({
  'app.kubernetes.io/managed-by': 'backstage-multicluster',
  'multicluster.io/cluster': cluster,
});
