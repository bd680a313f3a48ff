import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { ClustersResponse } from '@multiregion/backstage-plugin-multicluster-common';
import { multiclusterApiRef } from '../../api';
import { allPickerOptions } from './options';
import { chosenIds, RegionPickerUiOptions } from './schema';

/**
 * What is wrong with a chosen value, one sentence per chosen id: unknown to
 * the inventory, outside `allowedRegions`, or without a Ready cluster.
 */
export function selectionProblems(
  value: string[],
  inventory: ClustersResponse,
  uiOptions: RegionPickerUiOptions = {},
): string[] {
  const { pick = 'regions', allowedRegions } = uiOptions;
  const noun = pick === 'clusters' ? 'cluster' : 'region';
  const options = new Map(
    allPickerOptions(inventory, pick).map(option => [option.value, option]),
  );
  return value.flatMap(id => {
    const option = options.get(id);
    if (!option) {
      return [`${noun} ${id} is not in the cluster inventory`];
    }
    if (allowedRegions && !allowedRegions.includes(option.region)) {
      const where = pick === 'clusters' ? ` (region ${option.region})` : '';
      return [
        `${noun} ${id}${where} is not allowed here (allowed regions: ${allowedRegions.join(
          ', ',
        )})`,
      ];
    }
    if (!option.ready) {
      return [
        pick === 'clusters'
          ? `cluster ${id} is not Ready`
          : `region ${id} has no Ready cluster`,
      ];
    }
    return [];
  });
}

/**
 * Checks the value against a fresh inventory when the user leaves the step:
 * the list the user picked from may be minutes old, and a default or a
 * query-string value never went through the list at all.
 *
 * When the inventory cannot be loaded the value passes: the field already
 * shows that error, and `karmada:policy:create` checks region ids against
 * `multicluster.regions` (and cluster names against Karmada) when it runs.
 * Blocking every template because a read-only inventory is down would be
 * worse than an unverified readiness.
 */
export const regionPickerValidation: CustomFieldValidator<
  string[],
  RegionPickerUiOptions
> = async (rawValue, validation, context) => {
  const value = chosenIds(rawValue);
  const api = context.apiHolder.get(multiclusterApiRef);
  if (!value?.length || !api) {
    return;
  }
  let inventory: ClustersResponse;
  try {
    inventory = await api.getClusters();
  } catch {
    return;
  }
  const uiOptions = context.uiSchema?.['ui:options'];
  for (const problem of selectionProblems(value, inventory, uiOptions)) {
    validation.addError(problem);
  }
};
