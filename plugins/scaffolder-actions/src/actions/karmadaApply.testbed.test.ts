import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  describeTestbed,
  kubectl,
  RunRecorder,
  testbedEnvironment,
} from '../__testUtils__/testbed';
import {
  ApplyPolicy,
  DEFAULT_ALLOWED_KINDS,
  DEFAULT_PROTECTED_NAMESPACE_KEYS,
  DEFAULT_PROTECTED_NAMESPACES,
} from '../security/ApplyPolicy';
import { createKarmadaApplyAction } from './karmadaApply';
import { createKarmadaPolicyCreateAction } from './karmadaPolicyCreate';

jest.setTimeout(120_000);

// A fresh namespace per run, as on a new testbed.
const NS = `mc-it-apply-${Date.now().toString(36)}`;

describeTestbed(
  'karmada:policy:create + karmada:apply against the testbed Karmada',
  () => {
    const env = testbedEnvironment();
    const apply = createKarmadaApplyAction(env);
    const policy = createKarmadaPolicyCreateAction(env);
    const karmadaKubeconfig = process.env.TESTBED_KARMADA_KUBECONFIG!;
    const workspace = createMockDirectory();
    const recorder = new RunRecorder();

    const deployment = (replicas: number) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${NS}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${NS}
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx }]
`;

    afterAll(() => {
      kubectl(
        karmadaKubeconfig,
        'delete',
        'deployment,propagationpolicy',
        '-n',
        NS,
        '--all',
        '--ignore-not-found',
      );
    });

    it('writes a weighted policy into the workspace, validated by Karmada', async () => {
      workspace.setContent({ 'karmada/app.yaml': deployment(3) });
      const out = await recorder.run<{ path: string; result: string }>(
        policy,
        {
          name: 'web',
          namespace: NS,
          resourceSelectors: [
            { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          ],
          // By cluster, not region: other suites register temporary
          // clusters in these regions while this one runs.
          clusters: ['na', 'eu'],
          strategy: 'weighted',
          weights: { na: 2, eu: 1 },
          karmada: 'testbed',
        },
        { workspacePath: workspace.path },
      );
      expect(out).toMatchObject({
        path: 'karmada/propagationpolicy-web.yaml',
        result: 'created',
      });
    });

    it('applies, then reports unchanged, then configured after an edit', async () => {
      const first = await recorder.run<{ created: number; objects: any[] }>(
        apply,
        { karmada: 'testbed', path: 'karmada' },
        { workspacePath: workspace.path },
      );
      expect(first.objects.map(o => [o.ref.split(' ')[0], o.result])).toEqual([
        ['Namespace', expect.stringMatching(/created|configured|unchanged/)],
        ['Deployment', 'created'],
        ['PropagationPolicy', 'created'],
      ]);
      const second = await recorder.run<{
        unchanged: number;
        created: number;
        configured: number;
        objects: Array<{ result: string }>;
      }>(
        apply,
        { karmada: 'testbed', path: 'karmada' },
        { workspacePath: workspace.path },
      );
      expect(second.objects.filter(o => o.result !== 'unchanged')).toEqual([]);
      expect(second).toMatchObject({ unchanged: 3, created: 0, configured: 0 });

      // Karmada schedules it by the policy: 2:1 over na and eu.
      const deadline = Date.now() + 60_000;
      let clusters = '';
      while (Date.now() < deadline && !clusters.includes('eu')) {
        clusters = kubectl(
          karmadaKubeconfig,
          'get',
          'rb',
          '-n',
          NS,
          'web-deployment',
          '-o',
          'jsonpath={.spec.clusters}',
          '--ignore-not-found',
        );
        await new Promise(r => setTimeout(r, 500));
      }
      expect(JSON.parse(clusters)).toEqual(
        expect.arrayContaining([
          { name: 'na', replicas: 2 },
          { name: 'eu', replicas: 1 },
        ]),
      );

      workspace.addContent({ 'karmada/app.yaml': deployment(6) });
      const edited = await recorder.run<{ configured: number }>(
        apply,
        { karmada: 'testbed', path: 'karmada' },
        { workspacePath: workspace.path },
      );
      expect(edited.configured).toBe(1);
    });

    it('with existing: refuse-changes, refuses an edit of existing objects and writes nothing', async () => {
      const replicas = () =>
        kubectl(
          karmadaKubeconfig,
          'get',
          'deployment',
          'web',
          '-n',
          NS,
          '-o',
          'jsonpath={.spec.replicas}',
        );
      expect(replicas()).toBe('6');
      workspace.addContent({ 'karmada/app.yaml': deployment(2) });
      await expect(
        recorder.run(
          apply,
          { karmada: 'testbed', path: 'karmada', existing: 'refuse-changes' },
          { workspacePath: workspace.path },
        ),
      ).rejects.toThrow(
        /^existing: Deployment mc-it-apply-[a-z0-9]+\/web .* already exists in testbed with other content; nothing was applied/,
      );
      expect(replicas()).toBe('6');
      // The same content again is fine: a re-run of an identical request.
      workspace.addContent({ 'karmada/app.yaml': deployment(6) });
      const same = await recorder.run<{ unchanged: number }>(
        apply,
        { karmada: 'testbed', path: 'karmada', existing: 'refuse-changes' },
        { workspacePath: workspace.path },
      );
      expect(same.unchanged).toBe(3);
    });

    it('fails on a field conflict, naming the object and the field', async () => {
      kubectl(
        karmadaKubeconfig,
        'scale',
        'deployment',
        'web',
        '-n',
        NS,
        '--replicas=9',
      );
      await expect(
        recorder.run(
          apply,
          { karmada: 'testbed', path: 'karmada' },
          { workspacePath: workspace.path },
        ),
      ).rejects.toThrow(
        /Deployment mc-it-apply-[a-z0-9]+\/web \(apps\/v1\).*conflict on \.spec\.replicas/,
      );
    });

    it('refuses a kind the apply policy does not allow before applying anything', async () => {
      workspace.setContent({
        'bad/a.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mc-it-should-not-exist\n  namespace: default\n',
        'bad/b.yaml':
          'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
      });
      await expect(
        recorder.run(
          apply,
          { karmada: 'testbed', path: 'bad' },
          { workspacePath: workspace.path },
        ),
      ).rejects.toThrow(
        '1 of 2 objects are refused, nothing was applied: bad/b.yaml#1: Widget w (example.com/v1): kind Widget.example.com is not allowed (multicluster.apply.allowedKinds)',
      );
    });

    it('refuses an allowed kind Karmada does not serve before applying anything', async () => {
      const widgets = createKarmadaApplyAction({
        ...env,
        security: {
          ...env.security,
          applyPolicy: new ApplyPolicy({
            allowedKinds: [
              ...DEFAULT_ALLOWED_KINDS,
              { group: 'example.com', kind: 'Widget' },
            ],
            allowClusterScoped: true,
            protectedNamespaces: DEFAULT_PROTECTED_NAMESPACES,
            protectedNamespaceKeys: DEFAULT_PROTECTED_NAMESPACE_KEYS,
          }),
        },
      });
      workspace.setContent({
        'bad/a.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mc-it-should-not-exist\n  namespace: default\n',
        'bad/b.yaml':
          'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
      });
      await expect(
        recorder.run(
          widgets,
          { karmada: 'testbed', path: 'bad' },
          { workspacePath: workspace.path },
        ),
      ).rejects.toThrow(
        /^bad\/b\.yaml#1: Widget w \(example\.com\/v1\): Karmada testbed does not serve kind Widget/,
      );
      expect(
        kubectl(
          karmadaKubeconfig,
          'get',
          'configmap',
          '-n',
          'default',
          'mc-it-should-not-exist',
          '--ignore-not-found',
          '-o',
          'name',
        ).trim(),
      ).toBe('');
    });
  },
);
