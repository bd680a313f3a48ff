import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { parse } from 'yaml';
import { createKarmadaPolicyCreateAction } from './karmadaPolicyCreate';

describe('karmada:policy:create', () => {
  const workspace = createMockDirectory();
  const action = createKarmadaPolicyCreateAction({
    instances: [],
    providers: [],
    regions: ['na', 'eu', 'sea'],
  });
  const base = {
    name: 'shop',
    resourceSelectors: [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop' },
    ],
    regions: ['na', 'sea'],
    strategy: 'weighted' as const,
  };

  beforeEach(() => workspace.clear());

  it('pairs a list of weights with the regions in order, as a form gives them', async () => {
    const ctx = createMockActionContext({
      input: { ...base, weights: [3, 1] },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    const files = workspace.content() as Record<string, Record<string, string>>;
    const written = parse(files.karmada['propagationpolicy-shop.yaml']);
    expect(
      written.spec.placement.replicaScheduling.weightPreference
        .staticWeightList,
    ).toEqual([
      {
        targetCluster: {
          fieldSelector: {
            matchExpressions: [
              { key: 'region', operator: 'In', values: ['na'] },
            ],
          },
        },
        weight: 3,
      },
      {
        targetCluster: {
          fieldSelector: {
            matchExpressions: [
              { key: 'region', operator: 'In', values: ['sea'] },
            ],
          },
        },
        weight: 1,
      },
    ]);
  });

  it('refuses a list of weights that does not match the regions, writing nothing', async () => {
    const ctx = createMockActionContext({
      input: { ...base, weights: [3, 1, 1] },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'weights: 3 weights for 2 targets (na, sea)',
    );
    expect(workspace.content()).toEqual({});
  });

  it('ignores weights left over for a strategy that does not use them', async () => {
    const ctx = createMockActionContext({
      input: {
        ...base,
        regions: ['na', 'eu', 'sea'],
        strategy: 'divided-even' as const,
        weights: [3, 1],
      },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('result', 'created');
  });

  it('refuses a region listed twice, writing nothing', async () => {
    const ctx = createMockActionContext({
      input: { ...base, regions: ['na', 'na'], weights: [1, 1] },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "regions: 'na' is listed twice",
    );
    expect(workspace.content()).toEqual({});
  });
});
