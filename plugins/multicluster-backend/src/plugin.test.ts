import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { FakeKarmada } from './__testUtils__/FakeKarmada';
import { multiclusterPlugin } from './plugin';

/** A real HTTP server standing in for a Karmada API server's /readyz. */
async function startFakeApiServer(
  handler: Parameters<typeof createServer>[1],
): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

async function closedPortUrl(): Promise<string> {
  const { url, server } = await startFakeApiServer(() => {});
  await new Promise(resolve => server.close(resolve));
  return url;
}

describe('multicluster backend plugin', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        s =>
          new Promise(resolve => {
            s.closeAllConnections();
            s.close(resolve);
          }),
      ),
    );
  });

  /** Polls /health until `done` or a few seconds passed. */
  async function healthWhen(
    server: Parameters<typeof request>[0],
    done: (body: any) => boolean,
  ) {
    const deadline = Date.now() + 5000;
    let response = await request(server).get('/api/multicluster/health');
    while (!done(response.body) && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 20));
      response = await request(server).get('/api/multicluster/health');
    }
    return response;
  }

  it('reports each Karmada instance, unauthenticated, with per-instance reasons', async () => {
    const ready = new FakeKarmada();
    await ready.start();
    const failing = await startFakeApiServer((_req, res) => {
      res
        .writeHead(500)
        .end(
          '[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed',
        );
    });
    const hanging = await startFakeApiServer(() => {
      // never answers
    });
    servers.push(failing.server, hanging.server);
    const refused = await closedPortUrl();

    const { server } = await startTestBackend({
      features: [
        multiclusterPlugin,
        mockServices.rootConfig.factory({
          data: {
            multicluster: {
              timeouts: { healthProbeMs: 300 },
              karmada: [
                {
                  name: 'ready',
                  url: ready.url,
                  auth: { type: 'serviceAccount', token: 'sekret-token' },
                },
                { name: 'failing', url: failing.url },
                { name: 'hanging', url: hanging.url },
                { name: 'refused', url: refused },
              ],
            },
          },
        }),
      ],
    });

    const response = await healthWhen(server, body =>
      body.instances.some((i: any) => i.name === 'ready' && i.ready),
    );
    await ready.stop();

    expect(response.status).toBe(503);
    expect(response.body.ready).toBe(false);
    const byName = Object.fromEntries(
      response.body.instances.map((i: { name: string }) => [i.name, i]),
    );
    expect(byName.ready).toMatchObject({
      ready: true,
      statusCode: 200,
      url: ready.url,
    });
    expect(byName.failing).toMatchObject({ ready: false, statusCode: 500 });
    expect(byName.failing.message).toContain('etcd failed');
    expect(byName.hanging).toMatchObject({
      ready: false,
      message: 'no answer within 300 ms',
    });
    expect(byName.refused.ready).toBe(false);
    expect(byName.refused.message).toContain('ECONNREFUSED');

    // The token reaches Karmada, and never the answer.
    expect(ready.authorizations).toContain('Bearer sekret-token');
    expect(JSON.stringify(response.body)).not.toContain('sekret-token');
  });

  it('answers 200 when every instance is ready and its cache is loaded', async () => {
    const ready = new FakeKarmada();
    await ready.start();

    const { server } = await startTestBackend({
      features: [
        multiclusterPlugin,
        mockServices.rootConfig.factory({
          data: { multicluster: { karmada: [{ name: 'a', url: ready.url }] } },
        }),
      ],
    });

    const response = await healthWhen(server, body => body.ready);
    await ready.stop();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      ready: true,
      instances: [{ name: 'a', ready: true, cache: { synced: true } }],
    });
  });

  it('starts without any Karmada configured and says it is not ready', async () => {
    const { server } = await startTestBackend({
      features: [multiclusterPlugin, mockServices.rootConfig.factory({})],
    });

    const response = await request(server).get('/api/multicluster/health');
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ ready: false, instances: [] });
  });
});
