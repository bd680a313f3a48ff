import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import request from 'supertest';
import { componentFor, describeTestbed, poll } from './__testUtils__/testbed';
import { multiclusterPlugin } from './plugin';

// The backend as it runs in a pod of the management cluster: no URL, CA or
// token in app-config, only `auth.type: inCluster`, the service host and
// port in the environment and the service account files where the kubelet
// mounts them. Here they point at the testbed's Karmada, and hold its CA
// and a token of its.
const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

describeTestbed(
  'the backend with in-cluster config against the testbed',
  () => {
    jest.setTimeout(120_000);
    let server: Parameters<typeof request>[0];
    const env = { ...process.env };
    // Removed afterwards: the first folder of the path this test created.
    let created = '';

    beforeAll(async () => {
      if (existsSync(SERVICE_ACCOUNT)) {
        throw new Error(
          `${SERVICE_ACCOUNT} exists already: this test writes the in-cluster files itself and will not replace real ones`,
        );
      }
      created = mkdirSync(SERVICE_ACCOUNT, { recursive: true }) ?? '';
      copyFileSync(
        process.env.TESTBED_KARMADA_CA_FILE!,
        `${SERVICE_ACCOUNT}/ca.crt`,
      );
      writeFileSync(
        `${SERVICE_ACCOUNT}/token`,
        readFileSync(process.env.TESTBED_KARMADA_TOKEN_FILE!, 'utf8'),
      );
      writeFileSync(`${SERVICE_ACCOUNT}/namespace`, 'backstage');
      const { hostname, port } = new URL(process.env.TESTBED_KARMADA_URL!);
      process.env.KUBERNETES_SERVICE_HOST = hostname;
      process.env.KUBERNETES_SERVICE_PORT = port;

      const started = await startTestBackend({
        features: [
          multiclusterPlugin,
          // The demo workload (examples/workloads/hello.yaml).
          catalogServiceMock.factory({ entities: [componentFor('hello')] }),
          mockServices.rootConfig.factory({
            data: {
              multicluster: {
                karmada: [{ name: 'testbed', auth: { type: 'inCluster' } }],
              },
            },
          }),
        ],
      });
      server = started.server;
    });

    afterAll(() => {
      process.env = env;
      if (created) rmSync(created, { recursive: true, force: true });
    });

    it('reads placement through the service account', async () => {
      const body = await poll(
        async () =>
          (
            await request(server).get(
              '/api/multicluster/entities/default/component/hello/placement',
            )
          ).body,
        b => (b.workloads?.[0]?.clusters?.length ?? 0) > 0,
      );
      expect(body.errors ?? []).toEqual([]);
      expect(body.workloads[0]).toMatchObject({
        karmada: 'testbed',
        kind: 'Deployment',
        name: 'hello',
      });
      const clusters = body.workloads[0].clusters.map((c: any) => c.cluster);
      expect(clusters.length).toBeGreaterThan(0);
      expect(
        clusters.every((c: string) => ['na', 'eu', 'sea'].includes(c)),
      ).toBe(true);
    });
  },
);
