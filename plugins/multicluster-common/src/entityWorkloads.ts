import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from './annotations';

/**
 * How an entity's workloads are found in the clusters, derived from the same
 * annotations `@backstage/plugin-kubernetes` reads.
 *
 * @public
 */
export interface EntityWorkloadSelector {
  /** A Kubernetes label selector, e.g. `backstage.io/kubernetes-id=hello`. */
  labelSelector: string;
  /** Restricts the lookup to one namespace when the annotation is set. */
  namespace?: string;
}

/**
 * True when the entity carries one of the annotations that select workloads.
 *
 * @public
 */
export function isMulticlusterAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION]?.trim() ||
      annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]?.trim(),
  );
}

/**
 * The label selector for an entity's workloads. An explicit label selector
 * wins over the id, as in the Kubernetes plugin. Returns undefined when the
 * entity has neither annotation.
 *
 * @public
 */
export function getEntityWorkloadSelector(
  entity: Entity,
): EntityWorkloadSelector | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]?.trim();
  const id = annotations[KUBERNETES_ID_ANNOTATION]?.trim();
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION]?.trim();

  let labelSelector: string;
  if (selector) {
    labelSelector = selector;
  } else if (id) {
    labelSelector = `${KUBERNETES_ID_ANNOTATION}=${id}`;
  } else {
    return undefined;
  }
  return namespace ? { labelSelector, namespace } : { labelSelector };
}
