import {
  MeshPolicyDrift,
  MeshPolicyObject,
  MeshService,
  MtlsMode,
} from '@multiregion/backstage-plugin-multicluster-common';
import { createHash } from 'node:crypto';

type Json = any; // Istio objects, as JSON

/** Host names that address the service from inside the mesh. */
function namesOf(service: MeshService): Set<string> {
  return new Set([
    service.name,
    `${service.name}.${service.namespace}`,
    `${service.name}.${service.namespace}.svc`,
    service.host,
  ]);
}

/**
 * Whether an Istio host refers to the service. Short names resolve in the
 * object's own namespace, as Istio resolves them.
 */
export function hostMatches(
  host: string,
  objectNamespace: string,
  service: MeshService,
): boolean {
  if (host === '*') return true;
  if (!host.includes('.') && objectNamespace !== service.namespace) {
    return false;
  }
  if (namesOf(service).has(host)) return true;
  if (host.startsWith('*.')) return service.host.endsWith(host.slice(1));
  return false;
}

/** A stable hash of a spec: key order does not change it. */
export function specHash(spec: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(spec ?? {}))
    .digest('hex')
    .slice(0, 12);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function summarizeDestinationRule(dr: Json): MeshPolicyObject {
  const policy = dr.spec?.trafficPolicy ?? {};
  const locality = policy.loadBalancer?.localityLbSetting;
  const outlierDetection = Boolean(policy.outlierDetection);
  const localityLb = locality
    ? {
        enabled: locality.enabled !== false,
        failover: (locality.failover ?? []).map((f: Json) => ({
          from: String(f.from ?? ''),
          to: String(f.to ?? ''),
        })),
        failoverPriority: (locality.failoverPriority ?? []).map(String),
        distribute: (locality.distribute ?? []).map((d: Json) => ({
          from: String(d.from ?? ''),
          to: Object.fromEntries(
            Object.entries(d.to ?? {}).map(([k, v]) => [k, Number(v)]),
          ),
        })),
      }
    : undefined;
  return {
    kind: 'DestinationRule',
    namespace: dr.metadata.namespace,
    name: dr.metadata.name,
    hosts: [dr.spec?.host].filter(Boolean),
    specHash: specHash(dr.spec),
    localityLb,
    outlierDetection,
    // Envoy only moves traffic away from a locality whose endpoints it has
    // ejected; without outlier detection nothing is ever ejected.
    failoverEffective: Boolean(localityLb?.enabled && outlierDetection),
  };
}

export function summarizeVirtualService(vs: Json): MeshPolicyObject {
  return {
    kind: 'VirtualService',
    namespace: vs.metadata.namespace,
    name: vs.metadata.name,
    hosts: (vs.spec?.hosts ?? []).map(String),
    specHash: specHash(vs.spec),
  };
}

/** Whether the DestinationRule asks for locality failover or distribution. */
export function asksForLocality(policy: MeshPolicyObject): boolean {
  const lb = policy.localityLb;
  return Boolean(
    lb?.enabled &&
      (lb.failover.length > 0 ||
        lb.failoverPriority.length > 0 ||
        lb.distribute.length > 0),
  );
}

/**
 * The mTLS mode for a namespace: a namespace-wide PeerAuthentication wins
 * over the mesh-wide one in the root namespace; Istio's default is
 * PERMISSIVE, reported as UNSET so the UI can tell it was never chosen.
 */
export function mtlsModeOf(
  namespaceWide: Json[],
  meshWide: Json[],
): { mode: MtlsMode; source?: string } {
  const pick = (list: Json[]) =>
    list
      .filter(pa => !pa.spec?.selector)
      .sort((a, b) =>
        String(a.metadata.creationTimestamp).localeCompare(
          String(b.metadata.creationTimestamp),
        ),
      )[0];
  for (const pa of [pick(namespaceWide), pick(meshWide)]) {
    const mode = pa?.spec?.mtls?.mode;
    if (mode && mode !== 'UNSET') {
      return {
        mode: mode as MtlsMode,
        source: `${pa.metadata.namespace}/${pa.metadata.name}`,
      };
    }
  }
  return { mode: 'UNSET' };
}

/**
 * Each primary reads traffic policy from its own API server, so a policy
 * that differs (or is missing) on one primary routes that cluster's clients
 * differently.
 */
export function findDrift(
  byCluster: Array<{ cluster: string; policies: MeshPolicyObject[] }>,
): MeshPolicyDrift[] {
  const keys = new Map<
    string,
    Pick<MeshPolicyDrift, 'kind' | 'namespace' | 'name'>
  >();
  for (const { policies } of byCluster) {
    for (const p of policies) {
      keys.set(`${p.kind}/${p.namespace}/${p.name}`, {
        kind: p.kind,
        namespace: p.namespace,
        name: p.name,
      });
    }
  }
  const drift: MeshPolicyDrift[] = [];
  for (const [key, id] of [...keys].sort(([a], [b]) => a.localeCompare(b))) {
    const versions = new Map<string, string[]>();
    for (const { cluster, policies } of byCluster) {
      const found = policies.find(
        p => `${p.kind}/${p.namespace}/${p.name}` === key,
      );
      const version = found?.specHash ?? 'missing';
      versions.set(version, [...(versions.get(version) ?? []), cluster]);
    }
    if (versions.size > 1) {
      drift.push({
        ...id,
        versions: [...versions]
          .map(([hash, clusters]) => ({
            specHash: hash,
            clusters: clusters.sort(),
          }))
          .sort((a, b) => b.clusters.length - a.clusters.length),
      });
    }
  }
  return drift;
}
