import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  describeTestbed,
  kubectl,
  launcher,
  launcherEnv,
  RunRecorder,
  runTestbed,
  testbedEnvironment,
} from '../__testUtils__/testbed';
import { PLATFORM_USER } from '../__testUtils__/security';
import { createClusterCreateAction } from './clusterCreate';
import { createKarmadaClusterRegisterAction } from './karmadaClusterRegister';
import { createKarmadaClusterUnregisterAction } from './karmadaClusterUnregister';

jest.setTimeout(300_000);

const CLUSTER = 'it-pull';
const runLauncher = (...args: string[]) =>
  promisify(execFile)(launcher, args, {
    env: { ...process.env, ...launcherEnv },
  });

describeTestbed('Pull registration against the testbed', () => {
  const env = testbedEnvironment();
  const karmadaKubeconfig = process.env.TESTBED_KARMADA_KUBECONFIG!;
  const recorder = new RunRecorder();
  const register = createKarmadaClusterRegisterAction(env);
  const unregister = createKarmadaClusterUnregisterAction(env);
  let memberKubeconfig = '';

  let credentialsRef = '';
  const input = () => ({
    karmada: 'testbed',
    cluster: CLUSTER,
    credentialsRef,
    mode: 'Pull',
    region: 'sea',
    zones: ['sea-1a', 'sea-1b'],
    provider: 'testbed',
    labels: { 'example.com/tier': 'edge' },
    timeoutSeconds: 90,
  });

  beforeAll(async () => {
    runTestbed('member', 'remove', CLUSTER);
    const created = await recorder.run<{
      details: Record<string, string>;
      credentialsRef: string;
    }>(createClusterCreateAction(env), {
      provider: 'testbed',
      name: CLUSTER,
      region: 'sea',
      zones: ['sea-1a', 'sea-1b'],
    });
    memberKubeconfig = created.details.kubeconfigPath;
    credentialsRef = created.credentialsRef;
  });

  afterAll(() => {
    runTestbed('member', 'remove', CLUSTER);
  });

  /** The testbed plays the kubelet: it runs the agent the Deployment describes. */
  async function runAgentOnceDeployed() {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const found = kubectl(
        memberKubeconfig,
        'get',
        'deployment',
        '-n',
        'karmada-system',
        'karmada-agent',
        '--ignore-not-found',
        '-o',
        'name',
      ).trim();
      if (found) {
        await runLauncher('member', 'run-agent', CLUSTER);
        return;
      }
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error('the action never applied the karmada-agent Deployment');
  }

  it('gets a Pull cluster to Ready through a bootstrap token and an approved agent certificate', async () => {
    const [out] = await Promise.all([
      recorder.run<{
        result: string;
        syncMode: string;
        ready: { status: string };
      }>(register, input()),
      runAgentOnceDeployed(),
    ]);
    expect(out).toMatchObject({
      result: 'created',
      syncMode: 'Pull',
      ready: { status: 'True' },
    });

    const cluster = JSON.parse(
      kubectl(karmadaKubeconfig, 'get', 'cluster', CLUSTER, '-o', 'json'),
    );
    expect(cluster.spec).toMatchObject({
      syncMode: 'Pull',
      region: 'sea',
      zones: ['sea-1a', 'sea-1b'],
      provider: 'testbed',
    });
    // The agent has no flag for labels; the action adds them afterwards.
    expect(cluster.metadata.labels).toMatchObject({
      'example.com/tier': 'edge',
      'multicluster.io/cluster': CLUSTER,
    });

    // The agent authenticates with the certificate Karmada signed for it.
    const csrs = kubectl(
      karmadaKubeconfig,
      'get',
      'csr',
      '-l',
      `multicluster.io/cluster=${CLUSTER}`,
      '-o',
      'json',
    );
    const csr = JSON.parse(csrs).items[0];
    expect(csr.spec.username).toMatch(/^system:bootstrap:/);
    expect(csr.status.conditions[0]).toMatchObject({
      type: 'Approved',
      reason: 'AutoApproved',
    });
    // The bootstrap token served once: it is gone as soon as the agent has
    // its certificate.
    expect(
      kubectl(
        karmadaKubeconfig,
        'get',
        'secret',
        '-n',
        'kube-system',
        '-l',
        `multicluster.io/cluster=${CLUSTER}`,
        '-o',
        'name',
      ).trim(),
    ).toBe('');
    // The agent registered this member's identity, and the owner is recorded.
    expect(cluster.spec.id).toBe(
      kubectl(
        memberKubeconfig,
        'get',
        'namespace',
        'kube-system',
        '-o',
        'jsonpath={.metadata.uid}',
      ),
    );
    expect(cluster.metadata.annotations['multicluster.io/owner']).toBe(
      PLATFORM_USER,
    );
  });

  it('reports unchanged on a second run', async () => {
    const out = await recorder.run<{
      result: string;
      objects: Array<{ result: string; ref: string }>;
    }>(register, input());
    expect(out.objects.filter(o => o.result !== 'unchanged')).toEqual([]);
    expect(out.result).toBe('unchanged');
  });

  it('unregisters, removing the agent, its RBAC and the bootstrap artifacts', async () => {
    const out = await recorder.run<{ result: string; remaining: string[] }>(
      unregister,
      {
        karmada: 'testbed',
        cluster: CLUSTER,
        credentialsRef,
        timeoutSeconds: 240,
      },
    );
    expect(out).toMatchObject({ result: 'removed', remaining: [] });
    const none = (kubeconfig: string, ...args: string[]) =>
      kubectl(
        kubeconfig,
        'get',
        ...args,
        '--ignore-not-found',
        '-o',
        'name',
      ).trim();
    expect(none(karmadaKubeconfig, 'cluster', CLUSTER)).toBe('');
    expect(
      none(karmadaKubeconfig, 'clusterrole', `system:karmada:${CLUSTER}:agent`),
    ).toBe('');
    expect(
      none(karmadaKubeconfig, 'secret', '-n', 'karmada-cluster', CLUSTER),
    ).toBe('');
    expect(
      kubectl(
        karmadaKubeconfig,
        'get',
        'secret,csr',
        '-A',
        '-l',
        `multicluster.io/cluster=${CLUSTER}`,
        '-o',
        'name',
      ).trim(),
    ).toBe('');
    expect(
      none(
        memberKubeconfig,
        'deployment',
        '-n',
        'karmada-system',
        'karmada-agent',
      ),
    ).toBe('');
    expect(
      none(
        memberKubeconfig,
        'secret',
        '-n',
        'karmada-system',
        'karmada-kubeconfig',
      ),
    ).toBe('');
    expect(none(memberKubeconfig, 'namespace', 'karmada-cluster')).toBe('');
    expect(none(memberKubeconfig, 'clusterrole', 'karmada-agent')).toBe('');
  });

  it('never logged or output the agent key, certificate or bootstrap token', () => {
    const text = recorder.text();
    expect(text).toMatch(/karmada-kubeconfig/);
    expect(text).not.toMatch(
      /BEGIN|PRIVATE KEY|client-key-data|bootstrap-token-[a-z0-9]{6}\b.*\.[a-z0-9]{16}/,
    );
    expect(text).not.toMatch(/\b[a-z0-9]{6}\.[a-z0-9]{16}\b/);
  });
});
