import { InputError } from '@backstage/errors';
import {
  KubernetesConnection,
  MulticlusterClusterResource,
  MulticlusterNamespaceResource,
} from '@multiregion/backstage-plugin-multicluster-node';
import { OWNER_ANNOTATION } from '@multiregion/backstage-plugin-multicluster-common';

const ENTITY_REF =
  /^(user|group):([a-z0-9]([-a-z0-9._]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9._]*[a-z0-9])?$/i;

/**
 * An owner as the actions record it: a full, lower-case `user:` or `group:`
 * entity ref (`group:shop` becomes `group:default/shop`).
 */
export function normalizeOwner(field: string, value: string): string {
  const trimmed = value.trim();
  if (!ENTITY_REF.test(trimmed) || trimmed.length > 253) {
    throw new InputError(
      `${field}: '${value}' is not a user or group entity ref such as group:default/shop`,
    );
  }
  const [kind, rest] = trimmed.split(':');
  const ref = rest.includes('/') ? rest : `default/${rest}`;
  return `${kind}:${ref}`.toLocaleLowerCase('en-US');
}

/**
 * The owner a user may record: one of their own ownership refs (themselves
 * or a group they are in), so nobody hands a cluster or namespace to a team
 * they do not belong to, or takes one over by naming its owner.
 */
export function requireOwnOwner(
  field: string,
  owner: string,
  ownershipRefs: string[],
): void {
  const mine = ownershipRefs.map(r => r.toLocaleLowerCase('en-US'));
  if (!mine.includes(owner)) {
    throw new InputError(
      `${field}: ${owner} is not you or one of your groups (${
        mine.join(', ') || 'none'
      }); you can only record yourself or your own groups as owner`,
    );
  }
}

export const ownerOf = (object?: {
  metadata?: { annotations?: Record<string, string> };
}): string | undefined => object?.metadata?.annotations?.[OWNER_ANNOTATION];

/** A Karmada `Cluster` as the permission rules see it. */
export function clusterResource(
  karmada: string,
  name: string,
  cluster?: {
    metadata?: { annotations?: Record<string, string> };
    spec?: Record<string, unknown>;
  },
): MulticlusterClusterResource {
  const region = cluster?.spec?.region;
  return {
    karmada,
    name,
    owner: ownerOf(cluster),
    ...(typeof region === 'string' ? { region } : {}),
  };
}

/** How a refusal names a resource: with its recorded owner, if any. */
export function describeOwned(
  kind: string,
  resource: { name: string; owner?: string },
) {
  return `${kind} ${resource.name} (${
    resource.owner ? `owner ${resource.owner}` : 'no owner recorded'
  })`;
}

/** Reads a namespace of Karmada; `undefined` when it does not exist. */
export async function readNamespace(
  karmada: KubernetesConnection,
  name: string,
): Promise<{ metadata: { annotations?: Record<string, string> } } | undefined> {
  const response = await karmada.request({
    path: `/api/v1/namespaces/${encodeURIComponent(name)}`,
    signal: AbortSignal.timeout(15_000),
  });
  if (response.statusCode === 404) return undefined;
  if (response.statusCode !== 200) {
    throw new Error(
      `cannot read namespace ${name} from ${karmada.name}: HTTP ${response.statusCode}`,
    );
  }
  return JSON.parse(response.body);
}

/** A Karmada namespace as the permission rules see it. */
export function namespaceResource(
  karmada: string,
  name: string,
  owner: string | undefined,
): MulticlusterNamespaceResource {
  return { karmada, name, ...(owner ? { owner } : {}) };
}
