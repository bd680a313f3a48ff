import { createMockDirectory } from '@backstage/backend-test-utils';
import { readKubeconfig } from '@multiregion/backstage-plugin-multicluster-node';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  DEVELOPER,
  DEVELOPER_GROUP,
  OTHER_PLATFORM_USER,
  PLATFORM_GROUP,
  PLATFORM_USER,
  testSecurity,
} from '../__testUtils__/security';
import {
  describeTestbed,
  kubectl,
  RunRecorder,
  runTestbed,
  testbedEnvironment,
} from '../__testUtils__/testbed';
import { createClusterCreateAction } from './clusterCreate';
import { createIstioMeshJoinAction } from './istioMeshJoin';
import { createKarmadaApplyAction } from './karmadaApply';
import { createKarmadaClusterRegisterAction } from './karmadaClusterRegister';
import { createKarmadaClusterUnregisterAction } from './karmadaClusterUnregister';
import { createKarmadaPolicyCreateAction } from './karmadaPolicyCreate';

jest.setTimeout(180_000);

/**
 * Every way the write path was found open (issue 13), tried for real
 * against the testbed: by the demo's service developer, and by a platform
 * engineer with hostile template values. Each attempt must be refused with
 * a reason, and Karmada and the members must hold exactly what they held
 * before (listed before and after).
 */
const run = Date.now().toString(36).slice(-5);
const MINE = `atk-shop-${run}`; // the developer's own namespace
const THEIRS = `atk-platform-${run}`; // a namespace the platform team owns
const MEMBER = 'it-atk'; // a member the platform user creates

describeTestbed('attacks on the write path', () => {
  const security = testSecurity();
  const env = { ...testbedEnvironment(security), security };
  const karmada = process.env.TESTBED_KARMADA_KUBECONFIG!;
  const naKubeconfig = process.env.TESTBED_MEMBER_NA_KUBECONFIG!;
  const members = ['na', 'eu', 'sea'].map(
    m => process.env[`TESTBED_MEMBER_${m.toUpperCase()}_KUBECONFIG`]!,
  );
  const workspace = createMockDirectory();
  const recorder = new RunRecorder();
  const apply = createKarmadaApplyAction(env);
  const policy = createKarmadaPolicyCreateAction(env);
  const create = createClusterCreateAction(env);
  const register = createKarmadaClusterRegisterAction(env);
  const unregister = createKarmadaClusterUnregisterAction(env);
  const meshJoin = createIstioMeshJoinAction(env);
  let memberRef = ''; // the platform user's signed reference to MEMBER

  /** What an attack could change: names, owners and cluster specs. */
  function snapshot(): string {
    const names = (kubeconfig: string, kinds: string, ...args: string[]) =>
      kubectl(kubeconfig, 'get', kinds, ...args, '-o', 'name')
        .split('\n')
        .filter(line => /atk|attack|na$|eu$|sea$/.test(line))
        .sort()
        .join('\n');
    const clusters = JSON.parse(
      kubectl(karmada, 'get', 'clusters', '-o', 'json'),
    ).items.map((c: any) => ({
      name: c.metadata.name,
      annotations: c.metadata.annotations ?? {},
      spec: c.spec,
    }));
    return JSON.stringify(
      {
        clusters: clusters.filter((c: any) =>
          ['na', 'eu', 'sea', MEMBER].includes(c.name),
        ),
        karmada: names(
          karmada,
          'namespaces,clusterrolebindings,clusterroles,clusterpropagationpolicies',
        ),
        karmadaNamespaced: names(
          karmada,
          'deployments,services,secrets,destinationrules,propagationpolicies',
          '-A',
        ),
        karmadaKubeSystem: names(
          karmada,
          'deployments,secrets',
          '-n',
          'kube-system',
        ),
        members: members.map(m => names(m, 'secrets', '-n', 'istio-system')),
      },
      null,
      1,
    );
  }

  /** Runs an attack: it must fail with `reason` and change nothing. */
  async function refused(
    attempt: () => Promise<unknown>,
    reason: string | RegExp,
  ) {
    const before = snapshot();
    await expect(attempt()).rejects.toThrow(reason);
    expect(snapshot()).toEqual(before);
  }

  const manifests = (...objects: object[]) => {
    workspace.setContent({
      'karmada/objects.yaml': objects.map(o => stringify(o)).join('---\n'),
    });
  };
  const asDeveloper = { as: DEVELOPER, workspacePath: workspace.path };
  const applyInput = { karmada: 'testbed', path: 'karmada', namespace: MINE };

  const namespace = (name: string, owner?: string, labels = {}) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels,
      ...(owner ? { annotations: { 'multicluster.io/owner': owner } } : {}),
    },
  });
  const deployment = (ns: string, name = 'web') => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: 'nginx:1.27' }] },
      },
    },
  });

  beforeAll(async () => {
    runTestbed('member', 'remove', MEMBER);
    // The platform team's namespace, applied by the platform user.
    manifests(namespace(THEIRS, PLATFORM_GROUP), deployment(THEIRS));
    await recorder.run(
      apply,
      { ...applyInput, namespace: THEIRS },
      {
        workspacePath: workspace.path,
      },
    );
    const created = await recorder.run<{ credentialsRef: string }>(create, {
      provider: 'testbed',
      name: MEMBER,
      region: 'eu',
      zones: ['eu-1a'],
    });
    memberRef = created.credentialsRef;
  });

  afterAll(() => {
    for (const ns of [MINE, THEIRS]) {
      kubectl(
        karmada,
        'delete',
        'namespace',
        ns,
        '--ignore-not-found',
        '--wait=false',
      );
    }
    runTestbed('member', 'remove', MEMBER);
  });

  describe('the service developer', () => {
    it('applies a service into a namespace of their own group', async () => {
      manifests(namespace(MINE, DEVELOPER_GROUP), deployment(MINE));
      const out = await recorder.run<{ created: number }>(
        apply,
        applyInput,
        asDeveloper,
      );
      expect(out.created).toBe(2);
      expect(
        kubectl(karmada, 'get', 'deployment', '-n', MINE, 'web', '-o', 'name'),
      ).toContain('web');
    });

    it('cannot apply a ClusterRoleBinding to cluster-admin (the injected template document)', async () => {
      manifests(deployment(MINE, 'web2'), {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `attack-admin-${run}` },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'cluster-admin',
        },
        subjects: [
          {
            kind: 'Group',
            name: 'made-up',
            apiGroup: 'rbac.authorization.k8s.io',
          },
        ],
      });
      await refused(
        () => recorder.run(apply, applyInput, asDeveloper),
        /1 of 2 objects are refused, nothing was applied: karmada\/objects\.yaml#2: ClusterRoleBinding attack-admin-\w+ \(rbac\.authorization\.k8s\.io\/v1\): kind ClusterRoleBinding\.rbac\.authorization\.k8s\.io is not allowed/,
      );
    });

    it.each([
      [
        'a Secret',
        () => ({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'atk-secret', namespace: MINE },
          stringData: { a: 'b' },
        }),
        /kind Secret is not allowed/,
      ],
      [
        'a validating webhook',
        () => ({
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingWebhookConfiguration',
          metadata: { name: 'atk-webhook' },
          webhooks: [],
        }),
        /kind ValidatingWebhookConfiguration\.admissionregistration\.k8s\.io is not allowed/,
      ],
      [
        'a ClusterPropagationPolicy',
        () => ({
          apiVersion: 'policy.karmada.io/v1alpha1',
          kind: 'ClusterPropagationPolicy',
          metadata: { name: 'atk-cpp' },
          spec: { resourceSelectors: [{ apiVersion: 'v1', kind: 'Secret' }] },
        }),
        /kind ClusterPropagationPolicy\.policy\.karmada\.io is not allowed/,
      ],
      [
        'a Deployment in kube-system',
        () => deployment('kube-system', 'atk-web'),
        /namespace kube-system is protected/,
      ],
      [
        'a Deployment in karmada-system',
        () => deployment('karmada-system', 'atk-web'),
        /namespace karmada-system is protected/,
      ],
      [
        'an apiVersion that walks the URL',
        () => ({ ...deployment(MINE, 'atk-web'), apiVersion: '../../api/v1' }),
        /apiVersion '\.\.\/\.\.\/api\/v1' is not a Kubernetes API version/,
      ],
      [
        'a namespace labelled to run privileged pods',
        () =>
          namespace(`atk-priv-${run}`, DEVELOPER_GROUP, {
            'pod-security.kubernetes.io/enforce': 'privileged',
          }),
        /sets pod-security\.kubernetes\.io\/enforce, which only the platform team may set/,
      ],
      [
        "a DestinationRule for another namespace's Service",
        () => ({
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: { name: 'atk-dr', namespace: MINE },
          spec: { host: 'hello.default.svc.cluster.local' },
        }),
        /host 'hello\.default\.svc\.cluster\.local' is a Service of namespace default, not of atk-shop-/,
      ],
    ])('cannot apply %s', async (_what, object, reason) => {
      manifests(object());
      await refused(() => recorder.run(apply, applyInput, asDeveloper), reason);
    });

    it("cannot apply into the platform team's namespace", async () => {
      manifests(deployment(THEIRS, 'atk-web'));
      await refused(
        () => recorder.run(apply, applyInput, asDeveloper),
        `not allowed: ${DEVELOPER} may not apply into namespace ${THEIRS} (owner ${PLATFORM_GROUP}) (permission multicluster.karmada.apply was denied)`,
      );
    });

    it('cannot take over a namespace by naming another owner, or an unowned one', async () => {
      manifests(namespace(`atk-pay-${run}`, 'group:default/payments'));
      await refused(
        () => recorder.run(apply, applyInput, asDeveloper),
        `may not apply into namespace atk-pay-${run} (owner group:default/payments)`,
      );
      manifests(deployment('default', 'atk-web'));
      await refused(
        () => recorder.run(apply, applyInput, asDeveloper),
        'may not apply into namespace default (no owner recorded)',
      );
      // Re-owning the platform's namespace to the developer's group.
      manifests(namespace(THEIRS, DEVELOPER_GROUP));
      await refused(
        () => recorder.run(apply, applyInput, asDeveloper),
        `may not apply into namespace ${THEIRS} (owner ${PLATFORM_GROUP})`,
      );
    });

    it('cannot smuggle manifests in through a symbolic link', async () => {
      manifests(deployment(MINE, 'atk-web'));
      const outside = join(workspace.path, '..', `atk-outside-${run}.yaml`);
      writeFileSync(outside, stringify(deployment(MINE, 'atk-linked')));
      symlinkSync(outside, join(workspace.path, 'karmada', 'linked.yaml'));
      await refused(
        () => recorder.run(apply, applyInput, asDeveloper),
        "path: 'karmada/linked.yaml' is a symbolic link",
      );
    });

    it('cannot write a PropagationPolicy for a namespace it does not own', async () => {
      await refused(
        () =>
          recorder.run(
            policy,
            {
              karmada: 'testbed',
              name: 'atk',
              namespace: THEIRS,
              resourceSelectors: [
                { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
              ],
              regions: ['na'],
              strategy: 'duplicated',
            },
            asDeveloper,
          ),
        `may not create a PropagationPolicy for namespace ${THEIRS} (owner ${PLATFORM_GROUP})`,
      );
    });

    it.each([
      [
        'create a cluster',
        () =>
          recorder.run(
            create,
            {
              provider: 'testbed',
              name: 'atk-c',
              region: 'eu',
              zones: ['eu-1a'],
            },
            asDeveloper,
          ),
        'may not create regional clusters (permission multicluster.cluster.create was denied)',
      ],
      [
        'register a cluster',
        () =>
          recorder.run(
            register,
            {
              karmada: 'testbed',
              cluster: 'atk-r',
              region: 'na',
              kubeconfigSecret: 'M',
            },
            {
              ...asDeveloper,
              secrets: { M: readFileSync(naKubeconfig, 'utf8') },
            },
          ),
        'may not register clusters with Karmada (permission multicluster.cluster.register was denied)',
      ],
      [
        'unregister na with its workloads',
        () =>
          recorder.run(
            unregister,
            { karmada: 'testbed', cluster: 'na' },
            asDeveloper,
          ),
        'may not unregister cluster na (no owner recorded) (permission multicluster.cluster.unregister was denied)',
      ],
      [
        'join a cluster to the mesh',
        () =>
          recorder.run(
            meshJoin,
            { karmada: 'testbed', cluster: 'na', peers: [{ cluster: 'eu' }] },
            asDeveloper,
          ),
        'may not join to the mesh cluster na (no owner recorded), cluster eu (no owner recorded) (permission multicluster.mesh.join was denied)',
      ],
    ])('cannot %s', async (_what, attempt, reason) => {
      await refused(attempt, `not allowed: ${DEVELOPER} ${reason}`);
    });

    it('left an audit trail of every refusal, with the developer as actor', () => {
      const failed = security.auditor.events.filter(
        e => e.status === 'failed' && e.meta.actor === DEVELOPER,
      );
      expect(failed.length).toBeGreaterThanOrEqual(15);
      expect(failed.map(e => e.meta.actionId)).toEqual(
        expect.arrayContaining([
          'karmada:apply',
          'karmada:policy:create',
          'multicluster:cluster:create',
          'karmada:cluster:register',
          'karmada:cluster:unregister',
          'istio:mesh:join',
        ]),
      );
      expect(failed.every(e => e.error?.length)).toBe(true);
    });
  });

  describe('hostile values from a platform engineer', () => {
    const registerInput = () => ({
      karmada: 'testbed',
      cluster: `atk-reg-${run}`,
      credentialsRef: memberRef,
      region: 'eu',
      zones: ['eu-1a'],
    });

    it.each([
      [
        'plain http',
        'http://169.254.169.254/latest/meta-data',
        "apiEndpoint: must be an https URL (credentials are sent there), got 'http:'",
      ],
      [
        'the cloud metadata address',
        'https://169.254.169.254/latest',
        'apiEndpoint: 169.254.169.254 is a link-local address (cloud metadata lives there); credentials are never sent there',
      ],
      [
        'a metadata host name',
        'https://metadata.google.internal',
        'apiEndpoint: metadata.google.internal is a cloud metadata service',
      ],
      [
        'an endpoint other than the verified one',
        'https://127.0.0.2:6443',
        "apiEndpoint: 'https://127.0.0.2:6443' is neither the endpoint the member's credentials were verified on",
      ],
    ])(
      'register refuses an apiEndpoint of %s',
      async (_what, apiEndpoint, reason) => {
        await refused(
          () => recorder.run(register, { ...registerInput(), apiEndpoint }),
          reason,
        );
      },
    );

    it('register refuses a Pull agent endpoint other than the configured Karmada', async () => {
      await refused(
        () =>
          recorder.run(register, {
            ...registerInput(),
            mode: 'Pull',
            pull: { karmadaApiEndpoint: 'https://karmada.attacker.example' },
          }),
        "pull.karmadaApiEndpoint: 'https://karmada.attacker.example' is not Karmada testbed as configured",
      );
    });

    it('register refuses a bootstrap token that outlives an hour', async () => {
      await refused(
        () =>
          recorder.run(register, {
            ...registerInput(),
            mode: 'Pull',
            pull: { tokenTtlSeconds: 86_400 },
          }),
        'pull.tokenTtlSeconds: 86400 is not between 1 and 3600',
      );
    });

    it('register refuses a victim cluster name registered outside Backstage', async () => {
      await refused(
        () =>
          recorder.run(register, {
            ...registerInput(),
            cluster: 'na',
            region: 'na',
          }),
        "cluster: 'na' is already registered and records no owner (registered outside Backstage)",
      );
    });

    it('create refuses to re-apply to a cluster it did not make', async () => {
      await refused(
        () =>
          recorder.run(create, {
            provider: 'testbed',
            name: 'na',
            region: 'na',
            zones: ['na-1a', 'na-1b'],
          }),
        "name: cluster 'na' already exists in provider 'testbed' and records no owner",
      );
      await refused(
        () =>
          recorder.run(
            create,
            {
              provider: 'testbed',
              name: MEMBER,
              region: 'eu',
              zones: ['eu-1a'],
            },
            { as: OTHER_PLATFORM_USER },
          ),
        `cluster '${MEMBER}' already exists in provider 'testbed' and belongs to ${PLATFORM_USER}`,
      );
    });

    it('refuses forged and borrowed credentials references', async () => {
      await refused(
        () =>
          recorder.run(register, {
            ...registerInput(),
            credentialsRef: 'testbed:na',
          }),
        'credentialsRef: not a reference issued by multicluster:cluster:create',
      );
      await refused(
        () =>
          recorder.run(register, registerInput(), { as: OTHER_PLATFORM_USER }),
        `credentialsRef: the reference was not issued to ${OTHER_PLATFORM_USER} by this Backstage`,
      );
      const tampered = memberRef.replace(`testbed:${MEMBER}@`, 'testbed:na@');
      await refused(
        () =>
          recorder.run(register, {
            ...registerInput(),
            credentialsRef: tampered,
          }),
        'credentialsRef: the reference was not issued to',
      );
    });

    it('refuses task-secret kubeconfigs that name files or skip TLS verification', async () => {
      const na = readKubeconfig(naKubeconfig, undefined, 'na');
      const kubeconfig = (cluster: object, user: object) =>
        stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'm', cluster: { server: na.url, ...cluster } }],
          users: [{ name: 'u', user }],
          contexts: [{ name: 'c', context: { cluster: 'm', user: 'u' } }],
          'current-context': 'c',
        });
      const ca = {
        'certificate-authority-data': Buffer.from(na.caData!).toString(
          'base64',
        ),
      };
      const attempt = (secret: string) =>
        recorder.run(
          register,
          {
            ...registerInput(),
            credentialsRef: undefined,
            kubeconfigSecret: 'M',
          },
          { secrets: { M: secret } },
        );
      await refused(
        () =>
          attempt(
            kubeconfig(ca, {
              tokenFile: process.env.TESTBED_KARMADA_TOKEN_FILE,
            }),
          ),
        'kubeconfigSecret: the kubeconfig names user tokenFile; a kubeconfig given to a task must carry its credentials and CA inline',
      );
      await refused(
        () =>
          attempt(
            kubeconfig({ 'insecure-skip-tls-verify': true }, { token: 'x' }),
          ),
        'kubeconfigSecret: the kubeconfig sets insecure-skip-tls-verify',
      );
      await refused(
        () =>
          attempt(
            kubeconfig(
              { 'certificate-authority': process.env.TESTBED_KARMADA_CA_FILE },
              { token: 'x' },
            ),
          ),
        'kubeconfigSecret: the kubeconfig names cluster certificate-authority',
      );
    });

    it("mesh join refuses credentials of one cluster under another cluster's name", async () => {
      await refused(
        () =>
          recorder.run(meshJoin, {
            karmada: 'testbed',
            cluster: 'na',
            credentialsRef: memberRef,
            peers: [{ cluster: 'eu' }],
          }),
        /credentialsRef: the member reached is not Cluster na: its kube-system UID \S+ differs from Karmada's spec\.id/,
      );
    });

    it('never logged or audited a credential', () => {
      const token = readFileSync(
        process.env.TESTBED_KARMADA_TOKEN_FILE!,
        'utf8',
      ).trim();
      const memberKey = JSON.parse(
        kubectl(naKubeconfig, 'config', 'view', '--raw', '-o', 'json'),
      ).users[0].user['client-key-data'];
      const text = `${recorder.text()}\n${JSON.stringify(
        security.auditor.events,
      )}`;
      expect(text.length).toBeGreaterThan(1000);
      for (const secret of [token, memberKey].filter(Boolean)) {
        expect(secret.length).toBeGreaterThan(20);
        expect(text).not.toContain(secret);
      }
    });
  });
});
