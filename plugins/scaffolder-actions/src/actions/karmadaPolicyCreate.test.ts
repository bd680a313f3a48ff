import { createMockDirectory } from '@backstage/backend-test-utils';
import { parse } from 'yaml';
import {
  actionContextAs,
  DEVELOPER,
  DEVELOPER_GROUP,
  testSecurity,
} from '../__testUtils__/security';
import { createKarmadaPolicyCreateAction } from './karmadaPolicyCreate';

describe('karmada:policy:create', () => {
  const workspace = createMockDirectory();
  const action = createKarmadaPolicyCreateAction({
    instances: [],
    providers: [],
    regions: ['na', 'eu', 'sea'],
    security: testSecurity(),
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
    const ctx = actionContextAs({
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
    const ctx = actionContextAs({
      input: { ...base, weights: [3, 1, 1] },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'weights: 3 weights for 2 targets (na, sea)',
    );
    expect(workspace.content()).toEqual({});
  });

  it('ignores weights left over for a strategy that does not use them', async () => {
    const ctx = actionContextAs({
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
    const ctx = actionContextAs({
      input: { ...base, regions: ['na', 'na'], weights: [1, 1] },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "regions: 'na' is listed twice",
    );
    expect(workspace.content()).toEqual({});
  });

  it('lets a developer write a policy for a namespace their group will own', async () => {
    const ctx = actionContextAs({
      as: DEVELOPER,
      input: {
        ...base,
        namespace: 'shop',
        owner: DEVELOPER_GROUP,
        weights: [3, 1],
      },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('result', 'created');
  });

  it('refuses a developer a policy for a namespace of another owner, writing nothing', async () => {
    const ctx = actionContextAs({
      as: DEVELOPER,
      input: {
        ...base,
        namespace: 'payments',
        owner: 'group:default/payments',
        weights: [3, 1],
      },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'not allowed: user:default/dana may not create a PropagationPolicy for namespace payments (owner group:default/payments) (permission multicluster.policy.create was denied)',
    );
    expect(workspace.content()).toEqual({});
  });
});
