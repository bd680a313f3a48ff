import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeDateOnly } from '../__testUtils__/moveDate';
import { KubernetesConnection } from './KubernetesConnection';
import { KarmadaAuth } from '../config/types';

// Against the testbed's Karmada API server: credentials from an exec plugin
// and from a token file that changes on disk, applied by client-node.
const describeTestbed =
  process.env.MULTICLUSTER_TESTBED === '1' ? describe : describe.skip;

const CLUSTERS = '/apis/cluster.karmada.io/v1alpha1/clusters';

describeTestbed('client-node credentials against the testbed Karmada', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-auth-it-'));
  let url = '';
  let caData = '';
  beforeAll(() => {
    url = process.env.TESTBED_KARMADA_URL!;
    caData = readFileSync(process.env.TESTBED_KARMADA_CA_FILE!, 'utf8');
  });
  const token = () =>
    readFileSync(process.env.TESTBED_KARMADA_TOKEN_FILE!, 'utf8').trim();
  const connect = (auth: KarmadaAuth) =>
    new KubernetesConnection({
      name: 'testbed',
      url,
      caData,
      dangerouslySkipTLSVerify: false,
      auth,
    });

  afterEach(() => jest.useRealTimers());

  it('reaches Karmada with an exec credential plugin, and runs it again once the credential expired', async () => {
    const calls = join(dir, 'calls');
    writeFileSync(calls, '');
    const tokenFile = process.env.TESTBED_KARMADA_TOKEN_FILE!;
    const script = join(dir, 'get-token.js');
    // What `aws eks get-token` and its kind print: a token and its expiry.
    writeFileSync(
      script,
      `const fs = require('fs');
fs.appendFileSync(${JSON.stringify(calls)}, 'x');
console.log(JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1',
  kind: 'ExecCredential',
  status: {
    token: fs.readFileSync(${JSON.stringify(tokenFile)}, 'utf8').trim(),
    expirationTimestamp: new Date(Date.now() + 2000).toISOString(),
  },
}));`,
    );
    const kubeconfig = join(dir, 'exec.kubeconfig');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'testbed',
        clusters: [{ name: 'testbed', cluster: { server: url } }],
        contexts: [
          { name: 'testbed', context: { cluster: 'testbed', user: 'eks' } },
        ],
        users: [
          {
            name: 'eks',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command: process.execPath,
                args: [script],
              },
            },
          },
        ],
      }),
    );
    const karmada = connect({ type: 'kubeconfig', path: kubeconfig });
    try {
      const first = await karmada.requestJson<{ items: unknown[] }>({
        path: CLUSTERS,
      });
      expect(first.items.length).toBeGreaterThanOrEqual(3);
      await karmada.requestJson({ path: CLUSTERS });
      expect(readFileSync(calls, 'utf8')).toBe('x');

      await new Promise(r => setTimeout(r, 2500));
      await karmada.requestJson({ path: CLUSTERS });
      expect(readFileSync(calls, 'utf8')).toBe('xx');
    } finally {
      await karmada.close();
    }
  });

  it('picks up a token file rotated on disk without a restart', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'not-a-valid-token\n');
    const karmada = connect({ type: 'tokenFile', tokenFile });
    try {
      expect((await karmada.request({ path: CLUSTERS })).statusCode).toBe(401);

      // The kubelet (or Vault) writes a new token; client-node re-reads the
      // file once a minute, as client-go does. Only Date is moved on.
      writeFileSync(tokenFile, `${token()}\n`);
      fakeDateOnly()(61_000);
      expect((await karmada.request({ path: CLUSTERS })).statusCode).toBe(200);
    } finally {
      await karmada.close();
    }
  });
});
