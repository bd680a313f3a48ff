import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { multiclusterPlugin } from './plugin';

// Runs against the testbed's real Karmada API server (`make test` starts it
// and exports TESTBED_* from `testbed env`).
const testbed = process.env.MULTICLUSTER_TESTBED === '1';
const describeTestbed = testbed ? describe : describe.skip;

describeTestbed('multicluster backend against the testbed Karmada', () => {
  const url = process.env.TESTBED_KARMADA_URL!;
  const caFile = process.env.TESTBED_KARMADA_CA_FILE!;
  const tokenFile = process.env.TESTBED_KARMADA_TOKEN_FILE!;

  async function backendWith(auth: { type: 'serviceAccount'; token: string }) {
    const { server } = await startTestBackend({
      features: [
        multiclusterPlugin,
        mockServices.rootConfig.factory({
          data: {
            multicluster: { karmada: [{ name: 'testbed', url, caFile, auth }] },
          },
        }),
      ],
    });
    return server;
  }

  // Health is 503 until the cache's first list completes, which takes a few
  // seconds on a loaded machine: ask again until it settles.
  async function settledHealth(server: Parameters<typeof request>[0]) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await request(server).get('/api/multicluster/health');
      const loading = response.body.instances?.some((i: { message?: string }) =>
        i.message?.includes('cache is still loading'),
      );
      if (!loading || Date.now() > deadline) return response;
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }

  it('reports the testbed Karmada ready over TLS with the service account token', async () => {
    const token = readFileSync(tokenFile, 'utf8').trim();
    const response = await settledHealth(
      await backendWith({ type: 'serviceAccount', token }),
    );

    expect(response.body.instances).toEqual([
      expect.objectContaining({
        name: 'testbed',
        url,
        ready: true,
        statusCode: 200,
      }),
    ]);
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).not.toContain(token);
  });

  it('says the credentials were refused for a wrong token', async () => {
    const response = await request(
      await backendWith({ type: 'serviceAccount', token: 'not-a-valid-token' }),
    ).get('/api/multicluster/health');

    expect(response.status).toBe(503);
    expect(response.body.instances[0]).toMatchObject({
      ready: false,
      statusCode: 401,
      message: 'Karmada refused the configured credentials (HTTP 401)',
    });
  });

  it('fails TLS verification without the testbed CA', async () => {
    const { server } = await startTestBackend({
      features: [
        multiclusterPlugin,
        mockServices.rootConfig.factory({
          data: { multicluster: { karmada: [{ name: 'testbed', url }] } },
        }),
      ],
    });
    const response = await request(server).get('/api/multicluster/health');

    expect(response.status).toBe(503);
    expect(response.body.instances[0].ready).toBe(false);
    expect(response.body.instances[0].message).toMatch(/certificate/i);
  });
});
