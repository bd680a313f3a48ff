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

/**
 * Who owns a Karmada namespace or Cluster: an entity ref such as
 * `group:default/shop`. The scaffolder actions record it when they create the
 * object and let only its owners (or the platform team) change what is in it.
 *
 * @public
 */
export const OWNER_ANNOTATION = 'multicluster.io/owner';
