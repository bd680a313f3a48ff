import { InputError } from '@backstage/errors';

/**
 * A cluster is what its identity says: Karmada's `spec.id` of a Cluster is
 * the member's `kube-system` namespace UID, recorded at registration. A
 * member reached with some credentials is the Cluster of that name only if
 * the UIDs match; otherwise the credentials (or a name typed into a
 * template) point at another cluster, and nothing is written.
 */
export function requireSameCluster(
  field: string,
  cluster: string,
  karmadaId: unknown,
  memberId: string,
): void {
  if (typeof karmadaId !== 'string' || !karmadaId) {
    throw new InputError(
      `${field}: Cluster ${cluster} records no spec.id in Karmada, so the member cannot be verified to be it`,
    );
  }
  if (karmadaId !== memberId) {
    throw new InputError(
      `${field}: the member reached is not Cluster ${cluster}: its kube-system UID ${memberId} differs from Karmada's spec.id ${karmadaId}`,
    );
  }
}
