import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConflictError, NotImplementedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { createCatalogRegisterFileAction } from './catalogRegisterFile';

describe('catalog:register:file', () => {
  const mockDir = createMockDirectory();
  const repositories = mockDir.resolve('repos');
  const catalogInfoPath = path.join(
    repositories,
    'payments',
    'catalog-info.yaml',
  );
  const locationRef = `file:${catalogInfoPath}`;

  const locationEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name: 'generated-0123' },
  };
  const component = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments' },
  };
  const location = {
    id: 'loc-1',
    type: 'file',
    target: catalogInfoPath,
    entityRef: 'location:default/generated-0123',
  };

  let catalog: ReturnType<typeof catalogServiceMock.mock>;

  beforeEach(() => {
    mockDir.setContent({
      'repos/payments/catalog-info.yaml': 'kind: Component\n',
      'elsewhere/catalog-info.yaml': 'kind: Component\n',
    });
    catalog = catalogServiceMock.mock({
      addLocation: jest.fn(async request => ({
        location,
        entities: request.dryRun ? [locationEntity, component] : [],
        exists: request.dryRun ? false : undefined,
      })),
      getLocationByRef: jest.fn(async () => location),
    });
  });

  function action(
    config: object = { localRepositories: { directory: repositories } },
  ) {
    return createCatalogRegisterFileAction({
      config: new ConfigReader(config),
      catalog,
    });
  }

  function context(input: Record<string, unknown>, isDryRun = false) {
    return {
      ...createMockActionContext({ input: { catalogInfoPath, ...input } }),
      isDryRun,
    };
  }

  it('registers a file location with the initiator credentials', async () => {
    const ctx = context({});
    const credentials = await ctx.getInitiatorCredentials();
    await action().handler(ctx);

    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target: catalogInfoPath, dryRun: true },
      { credentials },
    );
    expect(catalog.addLocation).toHaveBeenLastCalledWith(
      { type: 'file', target: catalogInfoPath },
      { credentials },
    );
    expect(ctx.output).toHaveBeenCalledWith('result', 'created');
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payments',
    );
    expect(ctx.output).toHaveBeenCalledWith('locationRef', locationRef);
  });

  it.each([
    ['an error thrown in-process', new ConflictError('exists')],
    [
      'a 409 from the API',
      Object.assign(new Error('Conflict'), {
        name: 'ResponseError',
        statusCode: 409,
      }),
    ],
  ])('reports unchanged on a conflict: %s', async (_, conflict) => {
    catalog.addLocation.mockImplementation(async request => {
      if (!request.dryRun) {
        throw conflict;
      }
      return { location, entities: [locationEntity, component], exists: true };
    });
    const ctx = context({});
    await action().handler(ctx);

    expect(catalog.getLocationByRef).toHaveBeenCalledWith(locationRef, {
      credentials: await ctx.getInitiatorCredentials(),
    });
    expect(ctx.output).toHaveBeenCalledWith('result', 'unchanged');
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payments',
    );
  });

  it('passes on other catalog errors', async () => {
    catalog.addLocation.mockRejectedValue(new Error('catalog is down'));
    await expect(action().handler(context({}))).rejects.toThrow(
      'catalog is down',
    );
  });

  it.each([
    mockDir.resolve('elsewhere/catalog-info.yaml'),
    '/etc/passwd',
    `${repositories}/../elsewhere/catalog-info.yaml`,
    `${repositories}-other/catalog-info.yaml`,
    repositories,
  ])('refuses %s outside localRepositories.directory', async file => {
    const ctx = context({ catalogInfoPath: file, optional: true });
    await expect(action().handler(ctx)).rejects.toThrow(
      /^catalogInfoPath: .* lies outside localRepositories.directory/,
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('refuses a relative path', async () => {
    await expect(
      action().handler(
        context({ catalogInfoPath: 'payments/catalog-info.yaml' }),
      ),
    ).rejects.toThrow(
      "catalogInfoPath: 'payments/catalog-info.yaml' is not an absolute path",
    );
  });

  it('refuses a symlink that leads out of the folder', async () => {
    const link = path.join(repositories, 'payments', 'linked.yaml');
    fs.symlinkSync(mockDir.resolve('elsewhere/catalog-info.yaml'), link);

    await expect(
      action().handler(context({ catalogInfoPath: link })),
    ).rejects.toThrow(/^catalogInfoPath: .* outside localRepositories/);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('refuses a missing file unless optional', async () => {
    const missing = path.join(repositories, 'nope', 'catalog-info.yaml');
    await expect(
      action().handler(context({ catalogInfoPath: missing })),
    ).rejects.toThrow(`catalogInfoPath: there is no file ${missing}`);

    const ctx = context({ catalogInfoPath: missing, optional: true });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('result', 'skipped');
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('only previews in a dry run', async () => {
    const ctx = context({}, true);
    await action().handler(ctx);

    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target: catalogInfoPath, dryRun: true },
      expect.anything(),
    );
    expect(ctx.output).toHaveBeenCalledWith('result', 'created');
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payments',
    );
  });

  it('only validates in a dry run when the file is not there yet', async () => {
    const ctx = context(
      { catalogInfoPath: path.join(repositories, 'new', 'catalog-info.yaml') },
      true,
    );
    await action().handler(ctx);

    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('result', 'created');
  });

  it('registers without an entityRef when the catalog has no dry run', async () => {
    catalog.addLocation.mockImplementation(async request => {
      if (request.dryRun) {
        throw new NotImplementedError('no dry run');
      }
      return { location, entities: [] };
    });
    const ctx = context({});
    await action().handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('result', 'created');
    expect(ctx.output).not.toHaveBeenCalledWith('entityRef', expect.anything());
  });

  it('names the config key when localRepositories.directory is missing', async () => {
    await expect(action({}).handler(context({}))).rejects.toThrow(
      'localRepositories.directory is not configured',
    );
  });
});
