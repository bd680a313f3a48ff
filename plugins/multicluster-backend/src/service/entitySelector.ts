import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  getEntityWorkloadSelector,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  validateEntityWorkloadSelector,
} from '@multiregion/backstage-plugin-multicluster-common';
import { parseLabelSelector, Requirement } from '../cache/labelSelector';

export interface EntitySelector {
  /** The string form, as the entity's annotations give it. */
  labelSelector: string;
  namespace?: string;
  requirements: Requirement[];
}

/**
 * The workloads an entity selects, checked before anything is read: every
 * entity route reads with the plugin's fleet-wide Karmada identity, so a
 * selector that matches nearly everything (`!foo`) or cannot be parsed is
 * the entity owner's mistake to fix, answered with 400.
 */
export function entitySelectorOf(entity: Entity): EntitySelector {
  const selector = getEntityWorkloadSelector(entity);
  if (!selector) {
    throw new InputError(
      `entity ${stringifyEntityRef(
        entity,
      )} has neither ${KUBERNETES_ID_ANNOTATION} nor ${KUBERNETES_LABEL_SELECTOR_ANNOTATION}`,
    );
  }
  const problem = validateEntityWorkloadSelector(entity);
  if (problem) {
    throw new InputError(problem);
  }
  try {
    return {
      ...selector,
      requirements: parseLabelSelector(selector.labelSelector),
    };
  } catch (error) {
    // Validated above; kept so that the two parsers can never disagree silently.
    throw new InputError(
      `${KUBERNETES_LABEL_SELECTOR_ANNOTATION}: ${(error as Error).message}`,
    );
  }
}
