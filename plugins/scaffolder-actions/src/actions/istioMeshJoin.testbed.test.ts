import {
  describeTestbed,
  kubectl,
  RunRecorder,
  runTestbed,
  testbedEnvironment,
} from '../__testUtils__/testbed';
import { createClusterCreateAction } from './clusterCreate';
import { createIstioMeshJoinAction } from './istioMeshJoin';

jest.setTimeout(240_000);

const CLUSTER = 'it-mesh';
const PEERS = ['na', 'eu', 'sea'];

/** What a member's istiod reports as synced remote clusters. */
async function syncedRemotes(member: string): Promise<string[]> {
  const vars = JSON.parse(runTestbed('env', '--json'));
  const key = `TESTBED_MEMBER_${member
    .toUpperCase()
    .replace(/-/g, '_')}_ISTIOD_DEBUG_URL`;
  const response = await fetch(`${vars[key]}/debug/clusterz`);
  const entries = (await response.json()) as Array<{
    id: string;
    syncStatus: string;
  }>;
  return entries
    .filter(e => e.id !== member && e.syncStatus === 'synced')
    .map(e => e.id)
    .sort();
}

async function eventually<T>(f: () => Promise<T>, ok: (v: T) => boolean) {
  const deadline = Date.now() + 60_000;
  let value = await f();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 1000));
    value = await f();
  }
  return value;
}

describeTestbed('istio:mesh:join against the testbed istiods', () => {
  const env = testbedEnvironment();
  const recorder = new RunRecorder();
  const join = createIstioMeshJoinAction(env);
  const input = {
    karmada: 'testbed',
    cluster: CLUSTER,
    credentialsRef: `testbed:${CLUSTER}`,
    // Named: other suites register temporary clusters in Karmada meanwhile.
    peers: PEERS.map(p => ({ cluster: p, credentialsRef: `testbed:${p}` })),
  };

  function removeRemoteSecrets() {
    for (const peer of PEERS) {
      kubectl(
        process.env[`TESTBED_MEMBER_${peer.toUpperCase()}_KUBECONFIG`]!,
        'delete',
        'secret',
        '-n',
        'istio-system',
        `istio-remote-secret-${CLUSTER}`,
        '--ignore-not-found',
      );
    }
  }

  beforeAll(async () => {
    runTestbed('member', 'remove', CLUSTER);
    removeRemoteSecrets();
    await recorder.run(createClusterCreateAction(env), {
      provider: 'testbed',
      name: CLUSTER,
      region: 'eu',
      zones: ['eu-1a'],
    });
  });

  afterAll(() => {
    removeRemoteSecrets();
    runTestbed('member', 'remove', CLUSTER);
  });

  it('links the new member and the peers both ways: every istiod sees every other cluster', async () => {
    const out = await recorder.run<{ peers: string[]; result: string }>(
      join,
      input,
    );
    expect(out.peers).toEqual(PEERS);
    expect(out.result).toMatch(/created|configured/);

    expect(
      await eventually(
        () => syncedRemotes(CLUSTER),
        v => v.length === 3,
      ),
    ).toEqual([...PEERS].sort());
    for (const peer of PEERS) {
      expect(
        await eventually(
          () => syncedRemotes(peer),
          v => v.includes(CLUSTER),
        ),
      ).toContain(CLUSTER);
    }
  });

  it('reports unchanged on a second run', async () => {
    const out = await recorder.run<{
      result: string;
      objects: Array<{ result: string; ref: string }>;
    }>(join, input);
    expect(out.objects.filter(o => o.result !== 'unchanged')).toEqual([]);
    expect(out.result).toBe('unchanged');
  });

  it('never logged or output a reader token', () => {
    const token = (member: string) =>
      Buffer.from(
        kubectl(
          process.env[`TESTBED_MEMBER_${member.toUpperCase()}_KUBECONFIG`]!,
          'get',
          'secret',
          '-n',
          'istio-system',
          'istio-reader-service-account-istio-remote-secret-token',
          '-o',
          'jsonpath={.data.token}',
        ),
        'base64',
      ).toString('utf8');
    const text = recorder.text();
    for (const peer of PEERS) {
      const t = token(peer);
      expect(t.length).toBeGreaterThan(20);
      expect(text.includes(t)).toBe(false);
    }
  });
});
