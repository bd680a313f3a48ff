import { ManifestObject } from '../kube/readManifests';
import {
  describeObject,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
} from '../kube/objects';

/** A kind by API group (`''` for the core group) and kind name. */
export interface GroupKind {
  group: string;
  kind: string;
}

/** What `karmada:apply` may write, from `multicluster.apply`. */
export interface ApplyPolicyOptions {
  /** Kinds that may be applied. */
  allowedKinds: GroupKind[];
  /** Whether cluster-scoped kinds of the list may be applied. */
  allowClusterScoped: boolean;
  /** Namespaces nothing is applied into; `*` matches any characters. */
  protectedNamespaces: string[];
  /** Namespace label/annotation prefixes a user may not set. */
  protectedNamespaceKeys: string[];
}

/**
 * The default: what a service needs (workloads, Service, Istio and Gateway
 * API routing, Karmada's namespaced policies), nothing that grants rights
 * (RBAC, webhooks), holds credentials (Secret) or reaches beyond one
 * namespace (cluster-scoped kinds other than the service's own Namespace).
 */
export const DEFAULT_ALLOWED_KINDS: GroupKind[] = [
  ...[
    'Namespace',
    'Service',
    'ConfigMap',
    'ServiceAccount',
    'PersistentVolumeClaim',
  ].map(kind => ({ group: '', kind })),
  ...['Deployment', 'StatefulSet', 'DaemonSet'].map(kind => ({
    group: 'apps',
    kind,
  })),
  ...['Job', 'CronJob'].map(kind => ({ group: 'batch', kind })),
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler' },
  { group: 'policy', kind: 'PodDisruptionBudget' },
  ...['DestinationRule', 'VirtualService'].map(kind => ({
    group: 'networking.istio.io',
    kind,
  })),
  ...['PeerAuthentication', 'AuthorizationPolicy'].map(kind => ({
    group: 'security.istio.io',
    kind,
  })),
  ...['HTTPRoute', 'GRPCRoute', 'ReferenceGrant'].map(kind => ({
    group: 'gateway.networking.k8s.io',
    kind,
  })),
  ...['PropagationPolicy', 'OverridePolicy'].map(kind => ({
    group: 'policy.karmada.io',
    kind,
  })),
  ...['MultiClusterService', 'MultiClusterIngress'].map(kind => ({
    group: 'networking.karmada.io',
    kind,
  })),
  ...['FederatedHPA', 'CronFederatedHPA'].map(kind => ({
    group: 'autoscaling.karmada.io',
    kind,
  })),
];

export const DEFAULT_PROTECTED_NAMESPACES = [
  'kube-*',
  'karmada-*',
  'istio-system',
];

/** Pod Security Admission labels would let pods run privileged in members. */
export const DEFAULT_PROTECTED_NAMESPACE_KEYS = ['pod-security.kubernetes.io/'];

/** `group/version` or `version`, as Kubernetes spells API versions. */
export const API_VERSION_SHAPE =
  /^(?:([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;

/** One object `karmada:apply` will write, checked and resolved. */
export interface ApplyTarget {
  manifest: ManifestObject;
  group: string;
  /** The namespace it goes into; for a Namespace, its own name. */
  namespace: string;
}

/** Splits `apps/v1` into its group, `''` for the core group. */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/**
 * Decides, before anything is written, whether every object of an apply is
 * allowed; returns each object's target namespace, or every refusal with the
 * object it concerns.
 */
export class ApplyPolicy {
  constructor(private readonly options: ApplyPolicyOptions) {}

  /**
   * Checks names, kinds and namespaces. `namespaced` tells the kind's scope
   * as Karmada serves it (undefined when not served).
   */
  check(
    manifests: ManifestObject[],
    defaultNamespace: string,
    namespaced: (m: ManifestObject) => boolean | undefined,
  ): { targets: ApplyTarget[]; refused: string[] } {
    const targets: ApplyTarget[] = [];
    const refused: string[] = [];
    for (const manifest of manifests) {
      const problem = this.problem(manifest, defaultNamespace, namespaced);
      if (typeof problem === 'string') {
        refused.push(
          `${manifest.source}: ${describeObject(manifest.object)}: ${problem}`,
        );
      } else {
        targets.push(problem);
      }
    }
    return { targets, refused };
  }

  private problem(
    manifest: ManifestObject,
    defaultNamespace: string,
    namespacedOf: (m: ManifestObject) => boolean | undefined,
  ): string | ApplyTarget {
    const { object } = manifest;
    if (!API_VERSION_SHAPE.test(object.apiVersion)) {
      return `apiVersion '${object.apiVersion}' is not a Kubernetes API version`;
    }
    if (!KIND.test(object.kind)) {
      return `kind '${object.kind}' is not a Kubernetes kind`;
    }
    const name = object.metadata.name;
    if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
      return `metadata.name '${name}' is not a DNS-1123 subdomain`;
    }
    const group = groupOf(object.apiVersion);
    if (
      !this.options.allowedKinds.some(
        k => k.group === group && k.kind === object.kind,
      )
    ) {
      return `kind ${object.kind}${
        group ? `.${group}` : ''
      } is not allowed (multicluster.apply.allowedKinds)`;
    }
    if (object.kind === 'Namespace' && group === '') {
      return (
        this.namespaceProblem(manifest) ?? { manifest, group, namespace: name }
      );
    }
    const namespaced = namespacedOf(manifest);
    if (namespaced === false) {
      if (!this.options.allowClusterScoped) {
        return `${object.kind} is cluster-scoped, and cluster-scoped objects are refused (multicluster.apply.allowClusterScoped)`;
      }
      return { manifest, group, namespace: '' };
    }
    const namespace = object.metadata.namespace ?? defaultNamespace;
    if (!DNS1123_LABEL.test(namespace) || namespace.length > 63) {
      return `metadata.namespace '${namespace}' is not a DNS-1123 label`;
    }
    if (this.isProtected(namespace)) {
      return `namespace ${namespace} is protected (multicluster.apply.protectedNamespaces)`;
    }
    if (group === 'networking.istio.io') {
      const hostProblem = meshHostProblem(object, namespace);
      if (hostProblem) return hostProblem;
    }
    return { manifest, group, namespace };
  }

  private namespaceProblem(manifest: ManifestObject): string | undefined {
    const { metadata } = manifest.object;
    if (metadata.name.length > 63 || !DNS1123_LABEL.test(metadata.name)) {
      return `'${metadata.name}' is not a DNS-1123 label`;
    }
    if (this.isProtected(metadata.name)) {
      return `namespace ${metadata.name} is protected (multicluster.apply.protectedNamespaces)`;
    }
    const keys = [
      ...Object.keys(metadata.labels ?? {}),
      ...Object.keys(metadata.annotations ?? {}),
    ];
    const forbidden = keys.filter(key =>
      this.options.protectedNamespaceKeys.some(prefix =>
        key.startsWith(prefix),
      ),
    );
    return forbidden.length
      ? `sets ${forbidden.join(
          ', ',
        )}, which only the platform team may set (multicluster.apply.protectedNamespaceKeys)`
      : undefined;
  }

  private isProtected(namespace: string): boolean {
    return this.options.protectedNamespaces.some(pattern =>
      new RegExp(
        `^${pattern
          .split('*')
          .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      ).test(namespace),
    );
  }
}

/**
 * Istio applies a DestinationRule or VirtualService to every client in the
 * mesh that calls its host, whatever namespace the rule lives in: a rule for
 * another namespace's Service would reroute that team's traffic. Mesh hosts
 * must be in the rule's own namespace; external hostnames stay allowed.
 */
function meshHostProblem(
  object: ManifestObject['object'],
  namespace: string,
): string | undefined {
  const spec = (object.spec ?? {}) as { host?: unknown; hosts?: unknown };
  let hosts: unknown[] = [];
  if (object.kind === 'DestinationRule') hosts = [spec.host];
  if (object.kind === 'VirtualService' && Array.isArray(spec.hosts)) {
    hosts = spec.hosts;
  }
  for (const host of hosts) {
    if (typeof host !== 'string') continue;
    const h = host.toLowerCase().replace(/\.$/, '');
    if (h === '*' || /^\*\.(svc(\.cluster\.local)?|cluster\.local)$/.test(h)) {
      return `host '${host}' would apply to every Service in the mesh`;
    }
    const local = /^([^.]+)\.([^.]+)\.svc(\.cluster\.local)?$/.exec(h);
    if (local && local[2] !== namespace) {
      return `host '${host}' is a Service of namespace ${local[2]}, not of ${namespace}`;
    }
  }
  return undefined;
}
