import { MockFetchApi } from '@backstage/test-utils';
import { setupServer } from 'msw/node';
import { rest } from 'msw';
import { MulticlusterClient } from './MulticlusterClient';
import { mesh } from '../__testUtils__/mesh';

const server = setupServer();

describe('MulticlusterClient', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const client = new MulticlusterClient({
    discoveryApi: {
      getBaseUrl: async pluginId => `http://backstage.test/api/${pluginId}`,
    },
    fetchApi: new MockFetchApi(),
  });

  const notReady = {
    ready: false,
    checkedAt: '2026-11-27T00:00:00Z',
    instances: [
      {
        name: 'global',
        url: 'https://k',
        ready: false,
        latencyMs: 1,
        message: 'down',
      },
    ],
  };

  it('returns a not-ready answer (503) as data', async () => {
    server.use(
      rest.get(
        'http://backstage.test/api/multicluster/health',
        (_req, res, ctx) => res(ctx.status(503), ctx.json(notReady)),
      ),
    );
    await expect(client.getHealth()).resolves.toEqual(notReady);
  });

  it('throws a ResponseError for other failures', async () => {
    server.use(
      rest.get(
        'http://backstage.test/api/multicluster/health',
        (_req, res, ctx) =>
          res(
            ctx.status(500),
            ctx.json({ error: { name: 'Error', message: 'boom' } }),
          ),
      ),
    );
    await expect(client.getHealth()).rejects.toThrow(/500/);
  });

  it('reads the mesh of an entity, escaping the path segments', async () => {
    server.use(
      rest.get(
        'http://backstage.test/api/multicluster/entities/default/component/a%20b/mesh',
        (_req, res, ctx) => res(ctx.json(mesh)),
      ),
    );
    await expect(
      client.getMesh({ namespace: 'default', kind: 'component', name: 'a b' }),
    ).resolves.toEqual(mesh);
  });

  it('throws a ResponseError when the mesh cannot be read', async () => {
    server.use(
      rest.get(
        'http://backstage.test/api/multicluster/entities/default/component/hello/mesh',
        (_req, res, ctx) =>
          res(
            ctx.status(404),
            ctx.json({ error: { name: 'NotFoundError', message: 'gone' } }),
          ),
      ),
    );
    await expect(
      client.getMesh({
        namespace: 'default',
        kind: 'component',
        name: 'hello',
      }),
    ).rejects.toThrow(/404/);
  });
});
