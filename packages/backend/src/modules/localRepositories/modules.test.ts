import { startTestBackend } from '@backstage/backend-test-utils';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  catalogModuleLocalRepositories,
  scaffolderModuleLocalRepositories,
} from '.';

describe('local repositories modules', () => {
  it('lets the catalog accept file locations', async () => {
    const setAllowedLocationTypes = jest.fn();
    await startTestBackend({
      extensionPoints: [
        [catalogLocationsExtensionPoint, { setAllowedLocationTypes }],
      ],
      features: [catalogModuleLocalRepositories],
    });
    expect(setAllowedLocationTypes).toHaveBeenCalledWith(['url', 'file']);
  });

  it('adds both scaffolder actions', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModuleLocalRepositories,
        catalogServiceMock.factory(),
      ],
    });
    expect(addActions.mock.calls.flat().map(a => a.id)).toEqual([
      'publish:local',
      'catalog:register:file',
    ]);
  });
});
