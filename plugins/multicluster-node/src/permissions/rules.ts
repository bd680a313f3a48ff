import { createPermissionRule } from '@backstage/plugin-permission-node';
import { z } from 'zod/v3';
import {
  multiclusterClusterResourceRef,
  multiclusterNamespaceResourceRef,
} from './resources';

const claimsSchema = z.object({
  claims: z
    .array(z.string())
    .describe(
      'Ownership entity refs of the user (the user and their groups); matches when the recorded owner is one of them',
    ),
});

/** An owner matches when it is recorded and is one of the claims. */
const ownedBy = (owner: string | undefined, claims: string[]) =>
  owner !== undefined &&
  claims.some(
    claim =>
      claim.toLocaleLowerCase('en-US') === owner.toLocaleLowerCase('en-US'),
  );

/**
 * Allows a cluster whose `multicluster.io/owner` is one of the claims.
 *
 * @public
 */
export const isClusterOwner = createPermissionRule({
  name: 'IS_CLUSTER_OWNER',
  description:
    'Allow member clusters whose multicluster.io/owner annotation is one of the claims',
  resourceRef: multiclusterClusterResourceRef,
  paramsSchema: claimsSchema,
  apply: (resource, { claims }) => ownedBy(resource.owner, claims),
  toQuery: ({ claims }) => ({ owners: claims }),
});

/**
 * Allows a namespace whose `multicluster.io/owner` is one of the claims.
 *
 * @public
 */
export const isNamespaceOwner = createPermissionRule({
  name: 'IS_NAMESPACE_OWNER',
  description:
    'Allow Karmada namespaces whose multicluster.io/owner annotation is one of the claims',
  resourceRef: multiclusterNamespaceResourceRef,
  paramsSchema: claimsSchema,
  apply: (resource, { claims }) => ownedBy(resource.owner, claims),
  toQuery: ({ claims }) => ({ owners: claims }),
});

/** @public */
export const multiclusterClusterRules = { isClusterOwner };

/** @public */
export const multiclusterNamespaceRules = { isNamespaceOwner };
