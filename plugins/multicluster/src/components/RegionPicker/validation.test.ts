import { TestApiRegistry } from '@backstage/test-utils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { MulticlusterApi, multiclusterApiRef } from '../../api';
import { fakeApi } from '../../__testUtils__/placement';
import { RegionPickerUiOptions } from './schema';
import { inventory } from './testInventory';
import { regionPickerValidation, selectionProblems } from './validation';

describe('selectionProblems', () => {
  it('accepts regions with a Ready cluster', () => {
    expect(selectionProblems(['na', 'eu'], inventory)).toEqual([]);
  });

  it('names a region with no Ready cluster', () => {
    expect(selectionProblems(['na', 'sea'], inventory)).toEqual([
      'region sea has no Ready cluster',
    ]);
  });

  it('names regions unknown to the inventory, the unassigned group included', () => {
    expect(selectionProblems(['mars', 'unassigned'], inventory)).toEqual([
      'region mars is not in the cluster inventory',
      'region unassigned is not in the cluster inventory',
    ]);
  });

  it('refuses a region outside allowedRegions', () => {
    expect(
      selectionProblems(['na', 'eu'], inventory, { allowedRegions: ['eu'] }),
    ).toEqual(['region na is not allowed here (allowed regions: eu)']);
  });

  it('checks clusters in cluster mode', () => {
    expect(
      selectionProblems(['na-1', 'eu-2', 'nope'], inventory, {
        pick: 'clusters',
        allowedRegions: ['na', 'eu'],
      }),
    ).toEqual([
      'cluster eu-2 is not Ready',
      'cluster nope is not in the cluster inventory',
    ]);
    expect(
      selectionProblems(['sea-1'], inventory, {
        pick: 'clusters',
        allowedRegions: ['na'],
      }),
    ).toEqual([
      'cluster sea-1 (region sea) is not allowed here (allowed regions: na)',
    ]);
  });
});

describe('regionPickerValidation', () => {
  async function validate(
    value: string[],
    api: MulticlusterApi | undefined,
    uiOptions?: RegionPickerUiOptions,
  ) {
    const validation = createFieldValidation();
    await regionPickerValidation(value, validation, {
      apiHolder: api
        ? TestApiRegistry.from([multiclusterApiRef, api])
        : TestApiRegistry.from(),
      formData: {},
      schema: {},
      uiSchema: uiOptions && { 'ui:options': uiOptions },
    });
    return validation.__errors;
  }

  it('checks the value against a freshly loaded inventory', async () => {
    const getClusters = jest.fn(async () => inventory);
    expect(await validate(['na', 'sea'], fakeApi({ getClusters }))).toEqual([
      'region sea has no Ready cluster',
    ]);
    expect(getClusters).toHaveBeenCalledTimes(1);
  });

  it('reads pick and allowedRegions from ui:options', async () => {
    const api = fakeApi({ getClusters: async () => inventory });
    expect(await validate(['sea-1'], api, { pick: 'clusters' })).toEqual([
      'cluster sea-1 is not Ready',
    ]);
  });

  it('lets the value pass when the inventory cannot be loaded', async () => {
    const api = fakeApi({
      getClusters: async () => {
        throw new Error('503 Service Unavailable');
      },
    });
    expect(await validate(['sea'], api)).toEqual([]);
  });

  it('does not load anything for an empty value or without the API', async () => {
    const getClusters = jest.fn(async () => inventory);
    expect(await validate([], fakeApi({ getClusters }))).toEqual([]);
    expect(getClusters).not.toHaveBeenCalled();
    expect(await validate(['sea'], undefined)).toEqual([]);
  });
});
