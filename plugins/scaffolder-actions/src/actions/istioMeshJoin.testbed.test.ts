import {
  describeTestbed,
  kubectl,
  RunRecorder,
  runTestbed,
  testbedEnvironment,
} from '../__testUtils__/testbed';
import { createClusterCreateAction } from './clusterCreate';
import { createIstioMeshJoinAction } from './istioMeshJoin';
import { createKarmadaClusterRegisterAction } from './karmadaClusterRegister';
import { createKarmadaClusterUnregisterAction } from './karmadaClusterUnregister';

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
  // The signed reference multicluster:cluster:create hands the next steps.
  let credentialsRef = '';
  const input = () => ({
    karmada: 'testbed',
    cluster: CLUSTER,
    credentialsRef,
    // Named: other suites register temporary clusters in Karmada meanwhile.
    // Without credentials: reached through the provider Karmada records.
    peers: PEERS.map(p => ({ cluster: p })),
  });

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
    const created = await recorder.run<{ credentialsRef: string }>(
      createClusterCreateAction(env),
      { provider: 'testbed', name: CLUSTER, region: 'eu', zones: ['eu-1a'] },
    );
    credentialsRef = created.credentialsRef;
    // Joining verifies the member against its Karmada Cluster.
    await recorder.run(createKarmadaClusterRegisterAction(env), {
      karmada: 'testbed',
      cluster: CLUSTER,
      credentialsRef,
      region: 'eu',
      zones: ['eu-1a'],
      provider: 'testbed',
      timeoutSeconds: 60,
    });
  });

  afterAll(async () => {
    removeRemoteSecrets();
    await recorder.run(createKarmadaClusterUnregisterAction(env), {
      karmada: 'testbed',
      cluster: CLUSTER,
      credentialsRef,
      timeoutSeconds: 240,
    });
    runTestbed('member', 'remove', CLUSTER);
  });

  it('in a dry run, accepts a member that is not registered yet (a template dry run creates none) and writes nothing', async () => {
    const naSecrets = () =>
      kubectl(
        process.env.TESTBED_MEMBER_NA_KUBECONFIG!,
        'get',
        'secrets',
        '-n',
        'istio-system',
        '-o',
        'name',
      );
    const secretsBefore = naSecrets();
    const out = await recorder.run<{ peers: string[]; objects: unknown[] }>(
      join,
      {
        karmada: 'testbed',
        cluster: 'it-mesh-later',
        peers: [{ cluster: 'na' }],
      },
      { dryRun: true },
    );
    expect(out.peers).toEqual(['na']);
    expect(out.objects).toEqual([]);
    expect(naSecrets()).toBe(secretsBefore);
    // Outside a dry run the member must be registered.
    await expect(
      recorder.run(join, {
        karmada: 'testbed',
        cluster: 'it-mesh-later',
        peers: [{ cluster: 'na' }],
      }),
    ).rejects.toThrow(/^cluster: 'it-mesh-later' is not a Cluster of testbed/);
  });

  it('links the new member and the peers both ways: every istiod sees every other cluster', async () => {
    const out = await recorder.run<{ peers: string[]; result: string }>(
      join,
      input(),
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
    }>(join, input());
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
