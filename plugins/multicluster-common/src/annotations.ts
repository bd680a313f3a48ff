/**
 * Annotations shared with `@backstage/plugin-kubernetes`, so that one entity
 * works with both plugins.
 *
 * @public
 */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/** @public */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/** @public */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/**
 * Picks the Karmada instance (by `multicluster.karmada[].name`) when more than
 * one is configured. Without it every configured instance is consulted.
 *
 * @public
 */
export const KARMADA_INSTANCE_ANNOTATION = 'multicluster.io/karmada-instance';
