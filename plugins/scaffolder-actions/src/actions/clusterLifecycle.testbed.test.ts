import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import {
  describeTestbed,
  kubectl,
  RunRecorder,
  runTestbed,
  testbedEnvironment,
} from '../__testUtils__/testbed';
import { PLATFORM_USER, testSecurity } from '../__testUtils__/security';
import { createClusterCreateAction } from './clusterCreate';
import { createKarmadaClusterRegisterAction } from './karmadaClusterRegister';
import { createKarmadaClusterUnregisterAction } from './karmadaClusterUnregister';
import { execFileSync } from 'node:child_process';
// The test checks the action's effect through the backend plugin's API.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import multiclusterPlugin from '@multiregion/backstage-plugin-multicluster-backend';

jest.setTimeout(300_000);

const CLUSTER = 'it-push';
const MANAGED = `app.kubernetes.io/managed-by=backstage-multicluster,multicluster.io/cluster=${CLUSTER}`;

describeTestbed(
  'cluster lifecycle against the testbed: create → register (Push) → unregister',
  () => {
    const security = testSecurity();
    const env = { ...testbedEnvironment(security), security };
    const karmadaKubeconfig = process.env.TESTBED_KARMADA_KUBECONFIG!;
    const recorder = new RunRecorder();
    const create = createClusterCreateAction(env);
    const register = createKarmadaClusterRegisterAction(env);
    const unregister = createKarmadaClusterUnregisterAction(env);
    let memberKubeconfig = '';
    const generatedSecrets: string[] = [];

    // The signed reference create outputs, issued to the platform user.
    let credentialsRef = '';
    const registerInput = () => ({
      karmada: 'testbed',
      cluster: CLUSTER,
      credentialsRef,
      mode: 'Push',
      region: 'eu',
      zones: ['eu-1a', 'eu-1b'],
      provider: 'testbed',
      labels: { 'multicluster.io/test': 'lifecycle' },
      timeoutSeconds: 60,
    });

    beforeAll(() => {
      // A previous, interrupted run may have left the member behind.
      runTestbed('member', 'remove', CLUSTER);
    });

    afterAll(() => {
      runTestbed('member', 'remove', CLUSTER);
    });

    it('creates a testbed member and outputs a credentials reference, not credentials', async () => {
      const out = await recorder.run<{
        credentialsRef: string;
        apiEndpoint: string;
        result: string;
        details: Record<string, string>;
      }>(create, {
        provider: 'testbed',
        name: CLUSTER,
        region: 'eu',
        zones: ['eu-1a', 'eu-1b'],
      });
      expect(out.result).toBe('created');
      expect(out.credentialsRef).toMatch(
        new RegExp(`^testbed:${CLUSTER}@v1\\.\\d+\\.[A-Za-z0-9_-]{43}$`),
      );
      credentialsRef = out.credentialsRef;
      expect(runTestbed('member', 'show', CLUSTER)).toContain(
        `"owner": "${PLATFORM_USER}"`,
      );
      expect(out.apiEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      memberKubeconfig = out.details.kubeconfigPath;
      expect(kubectl(memberKubeconfig, 'get', 'nodes', '-o', 'name')).toMatch(
        /node/,
      );

      const again = await recorder.run<{ result: string }>(create, {
        provider: 'testbed',
        name: CLUSTER,
        region: 'eu',
        zones: ['eu-1a', 'eu-1b'],
      });
      expect(again.result).toBe('unchanged');
    });

    it('registers the member in Push mode and it becomes Ready within 60 s', async () => {
      const started = Date.now();
      const out = await recorder.run<{
        result: string;
        syncMode: string;
        ready: { status: string };
      }>(register, registerInput());
      expect(out).toMatchObject({
        result: 'created',
        syncMode: 'Push',
        ready: { status: 'True' },
      });
      expect(Date.now() - started).toBeLessThan(60_000);

      const cluster = JSON.parse(
        kubectl(karmadaKubeconfig, 'get', 'cluster', CLUSTER, '-o', 'json'),
      );
      expect(cluster.spec).toMatchObject({
        syncMode: 'Push',
        region: 'eu',
        zones: ['eu-1a', 'eu-1b'],
        provider: 'testbed',
        secretRef: { namespace: 'karmada-cluster', name: CLUSTER },
        impersonatorSecretRef: {
          namespace: 'karmada-cluster',
          name: `${CLUSTER}-impersonator`,
        },
      });
      expect(cluster.metadata.labels['multicluster.io/test']).toBe('lifecycle');
      expect(cluster.metadata.annotations['multicluster.io/owner']).toBe(
        PLATFORM_USER,
      );
      expect(env.security.auditor.events).toContainEqual(
        expect.objectContaining({
          eventId: 'multicluster-action',
          status: 'succeeded',
          severityLevel: 'high',
          meta: expect.objectContaining({
            actionId: 'karmada:cluster:register',
            actor: PLATFORM_USER,
            cluster: CLUSTER,
            result: 'created',
          }),
        }),
      );

      // What the scan below must not find: the tokens and keys this run made or used.
      for (const name of [CLUSTER, `${CLUSTER}-impersonator`]) {
        const token = kubectl(
          karmadaKubeconfig,
          'get',
          'secret',
          '-n',
          'karmada-cluster',
          name,
          '-o',
          'jsonpath={.data.token}',
        );
        generatedSecrets.push(
          token,
          Buffer.from(token, 'base64').toString('utf8'),
        );
      }
    });

    it('shows the new cluster in GET /api/multicluster/clusters', async () => {
      const { server } = await startTestBackend({
        features: [
          multiclusterPlugin,
          mockServices.rootConfig.factory({
            data: {
              multicluster: {
                karmada: [
                  {
                    name: 'testbed',
                    url: process.env.TESTBED_KARMADA_URL,
                    caFile: process.env.TESTBED_KARMADA_CA_FILE,
                    auth: {
                      type: 'serviceAccount',
                      token: readFileSync(
                        process.env.TESTBED_KARMADA_TOKEN_FILE!,
                        'utf8',
                      ).trim(),
                    },
                  },
                ],
              },
            },
          }),
        ],
      });
      let found: any;
      const deadline = Date.now() + 30_000;
      while (!found && Date.now() < deadline) {
        const response = await request(server).get(
          '/api/multicluster/clusters',
        );
        found = response.body.regions
          ?.flatMap((r: any) => r.clusters)
          .find((c: any) => c.name === CLUSTER);
        if (!found) await new Promise(r => setTimeout(r, 500));
      }
      expect(found).toMatchObject({
        name: CLUSTER,
        region: 'eu',
        syncMode: 'Push',
      });
    });

    it('reports unchanged when the same registration runs again', async () => {
      const before = kubectl(
        karmadaKubeconfig,
        'get',
        'cluster',
        CLUSTER,
        '-o',
        'jsonpath={.metadata.resourceVersion}',
      );
      const out = await recorder.run<{
        result: string;
        objects: Array<{ result: string }>;
      }>(register, registerInput());
      expect(out.result).toBe('unchanged');
      expect(out.objects.every(o => o.result === 'unchanged')).toBe(true);
      // Member: namespace, 2 service accounts, 2 token secrets, role, binding;
      // Karmada: namespace, Cluster, 2 secrets.
      expect(out.objects).toHaveLength(11);
      const after = kubectl(
        karmadaKubeconfig,
        'get',
        'cluster',
        CLUSTER,
        '-o',
        'jsonpath={.metadata.resourceVersion}',
      );
      // Karmada's status updates bump the resourceVersion; the spec is untouched.
      expect(after >= before).toBe(true);
    });

    it('unregisters, leaving neither side any object it created', async () => {
      const out = await recorder.run<{
        result: string;
        removed: string[];
        remaining: string[];
      }>(unregister, {
        karmada: 'testbed',
        cluster: CLUSTER,
        credentialsRef,
        timeoutSeconds: 240,
      });
      expect(out.result).toBe('removed');
      expect(out.remaining).toEqual([]);

      const left = (kubeconfig: string, kinds: string) =>
        kubectl(
          kubeconfig,
          'get',
          kinds,
          '-A',
          '-l',
          MANAGED,
          '-o',
          'name',
        ).trim();
      expect(
        left(
          karmadaKubeconfig,
          'clusters.cluster.karmada.io,secrets,serviceaccounts,clusterroles,clusterrolebindings',
        ),
      ).toBe('');
      expect(
        left(
          memberKubeconfig,
          'namespaces,secrets,serviceaccounts,clusterroles,clusterrolebindings',
        ),
      ).toBe('');
      expect(
        kubectl(
          karmadaKubeconfig,
          'get',
          'namespace',
          `karmada-es-${CLUSTER}`,
          '--ignore-not-found',
          '-o',
          'name',
        ).trim(),
      ).toBe('');
      expect(
        kubectl(
          memberKubeconfig,
          'get',
          'namespace',
          'karmada-cluster',
          '--ignore-not-found',
          '-o',
          'name',
        ).trim(),
      ).toBe('');

      const again = await recorder.run<{ result: string }>(unregister, {
        karmada: 'testbed',
        cluster: CLUSTER,
      });
      expect(again.result).toBe('unchanged');
    });

    it('never logged or output a token, key or certificate of the run', () => {
      const kubeconfig = readFileSync(memberKubeconfig, 'utf8');
      const member = JSON.parse(
        execFileSync(
          'kubectl',
          [
            '--kubeconfig',
            memberKubeconfig,
            'config',
            'view',
            '--raw',
            '-o',
            'json',
          ],
          { encoding: 'utf8' },
        ),
      );
      const user = member.users[0].user;
      const fromFile = (path?: string) =>
        path ? readFileSync(path, 'utf8') : undefined;
      const candidates = [
        ...generatedSecrets,
        user['client-key-data'],
        user['client-certificate-data'],
        fromFile(user['client-key']),
        user.token,
        kubeconfig,
      ].filter((s): s is string => Boolean(s && s.length > 20));
      expect(candidates.length).toBeGreaterThanOrEqual(4);
      const text = `${recorder.text()}\n${JSON.stringify(
        env.security.auditor.events,
      )}`;
      expect(text.length).toBeGreaterThan(1000);
      for (const secret of candidates) {
        // PEM bodies are checked line by line: any base64 line would be a leak.
        const needles = secret.includes('-----BEGIN')
          ? secret
              .split('\n')
              .filter(l => l.length > 40 && !l.startsWith('-----'))
          : [secret];
        for (const needle of needles) {
          expect(text).not.toContain(needle);
        }
      }
    });
  },
);
