import {
  MeshClusterStatus,
  MeshPolicyDrift,
  MeshService,
  MeshWarning,
} from '@multiregion/backstage-plugin-multicluster-common';
import { asksForLocality } from './meshPolicies';

/**
 * What an operator should look at: configuration that will not do what it
 * says, primaries that disagree, and clusters that are blind to the others.
 */
export function meshWarnings(
  services: MeshService[],
  clusters: MeshClusterStatus[],
  drift: MeshPolicyDrift[],
): MeshWarning[] {
  const warnings: MeshWarning[] = [];
  if (services.length === 0) {
    warnings.push({
      kind: 'noService',
      message:
        'No Kubernetes Service selects this entity’s workloads, so the mesh has no host to route to',
    });
  }

  // The same DestinationRule usually sits in every cluster; warn once per
  // object, naming the clusters.
  const withoutOutlier = new Map<string, string[]>();
  for (const c of clusters) {
    for (const p of c.policies) {
      if (p.kind !== 'DestinationRule' || p.failoverEffective) continue;
      if (!asksForLocality(p)) continue;
      const key = `DestinationRule ${p.namespace}/${p.name}`;
      withoutOutlier.set(key, [...(withoutOutlier.get(key) ?? []), c.cluster]);
    }
  }
  for (const [object, where] of withoutOutlier) {
    warnings.push({
      kind: 'failoverWithoutOutlierDetection',
      object,
      message: `${object} sets locality failover or distribution but no trafficPolicy.outlierDetection, so Envoy never fails over (in ${where.join(
        ', ',
      )})`,
    });
  }

  for (const d of drift) {
    const object = `${d.kind} ${d.namespace}/${d.name}`;
    warnings.push({
      kind: 'configDrift',
      object,
      message: `${object} differs between primaries: ${d.versions
        .map(
          v =>
            `${
              v.specHash === 'missing' ? 'missing' : `version ${v.specHash}`
            } in ${v.clusters.join(', ')}`,
        )
        .join('; ')}`,
    });
  }

  for (const c of clusters) {
    if (!c.istiod.present) {
      if (c.hostsWorkloads) {
        warnings.push({
          kind: 'istiodMissing',
          cluster: c.cluster,
          message: `${
            c.cluster
          } runs the workloads but its istiod could not be read${
            c.istiod.message ? `: ${c.istiod.message}` : ''
          }`,
        });
      }
      continue;
    }
    const unsynced = c.istiod.clusters.filter(r => r.syncStatus !== 'synced');
    if (c.istiod.missing.length > 0 || unsynced.length > 0) {
      const parts = [
        ...c.istiod.missing.map(m => `${m} not known`),
        ...unsynced.map(r => `${r.id} ${r.syncStatus}`),
      ];
      warnings.push({
        kind: 'istiodNotSynced',
        cluster: c.cluster,
        message: `istiod in ${c.cluster} has synced ${c.istiod.synced}/${
          c.istiod.expected
        } mesh clusters (${parts.join(', ')})`,
      });
    }
    if (!c.hostsWorkloads) continue;
    const off = c.injection.namespaces.filter(n => !n.enabled);
    const { total, injected } = c.injection.pods;
    if (off.length > 0 || injected < total) {
      warnings.push({
        kind: 'injectionDisabled',
        cluster: c.cluster,
        message: `${c.cluster}: ${[
          off.length > 0
            ? `sidecar injection is off in ${off.map(n => n.name).join(', ')}`
            : '',
          injected < total
            ? `${total - injected} of ${total} pods have no sidecar`
            : '',
        ]
          .filter(Boolean)
          .join('; ')}`,
      });
    }
  }
  return warnings;
}
