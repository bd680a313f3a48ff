import { createConditionExports } from '@backstage/plugin-permission-node';
import {
  multiclusterClusterResourceRef,
  multiclusterNamespaceResourceRef,
} from './resources';
import { multiclusterClusterRules, multiclusterNamespaceRules } from './rules';

const clusterExports = createConditionExports({
  resourceRef: multiclusterClusterResourceRef,
  rules: multiclusterClusterRules,
});

const namespaceExports = createConditionExports({
  resourceRef: multiclusterNamespaceResourceRef,
  rules: multiclusterNamespaceRules,
});

/**
 * Conditions for permission policies on member clusters, e.g.
 * `multiclusterClusterConditions.isClusterOwner({ claims: user.info.ownershipEntityRefs })`.
 *
 * @public
 */
export const multiclusterClusterConditions = clusterExports.conditions;

/** @public */
export const createMulticlusterClusterConditionalDecision =
  clusterExports.createConditionalDecision;

/**
 * Conditions for permission policies on Karmada namespaces, e.g.
 * `multiclusterNamespaceConditions.isNamespaceOwner({ claims: user.info.ownershipEntityRefs })`.
 *
 * @public
 */
export const multiclusterNamespaceConditions = namespaceExports.conditions;

/** @public */
export const createMulticlusterNamespaceConditionalDecision =
  namespaceExports.createConditionalDecision;
