import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { resolve } from 'node:path';
import request from 'supertest';
import {
  componentFor,
  describeTestbed,
  kubectl,
  poll,
  repoRoot,
  testbedKarmadaConfig,
  waitClustersSchedulable,
} from './__testUtils__/testbed';
import { multiclusterPlugin } from './plugin';

const NS = 'mesh-it';
const MEMBERS = ['na', 'eu', 'sea'];

/** `echo` in every region, with a DestinationRule that asks for failover. */
function echoService(trafficPolicy: object) {
  const labels = { 'backstage.io/kubernetes-id': 'echo' };
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'echo', namespace: NS, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'echo' } },
          template: {
            metadata: { labels: { app: 'echo' } },
            spec: { containers: [{ name: 'echo', image: 'echo:1' }] },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'echo', namespace: NS, labels },
        spec: {
          selector: { app: 'echo' },
          ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: 'echo', namespace: NS, labels },
        spec: { host: 'echo', trafficPolicy },
      },
      {
        apiVersion: 'policy.karmada.io/v1alpha1',
        kind: 'PropagationPolicy',
        metadata: { name: 'echo', namespace: NS },
        spec: {
          resourceSelectors: [
            { apiVersion: 'apps/v1', kind: 'Deployment', name: 'echo' },
            { apiVersion: 'v1', kind: 'Service', name: 'echo' },
            {
              apiVersion: 'networking.istio.io/v1',
              kind: 'DestinationRule',
              name: 'echo',
            },
          ],
          placement: {
            clusterAffinity: { clusterNames: MEMBERS },
            replicaScheduling: { replicaSchedulingType: 'Duplicated' },
          },
        },
      },
    ],
  });
}

const failoverOnly = {
  loadBalancer: {
    localityLbSetting: {
      enabled: true,
      failover: [
        { from: 'eu', to: 'na' },
        { from: 'na', to: 'eu' },
        { from: 'sea', to: 'eu' },
      ],
    },
  },
};
const failoverWithOutlierDetection = {
  ...failoverOnly,
  outlierDetection: { consecutive5xxErrors: 5, interval: '10s' },
};

/** Karmada's way to scale one member: override the replicas there. */
const euToZero = JSON.stringify({
  apiVersion: 'policy.karmada.io/v1alpha1',
  kind: 'OverridePolicy',
  metadata: { name: 'echo-eu-zero', namespace: NS },
  spec: {
    resourceSelectors: [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'echo' },
    ],
    overrideRules: [
      {
        targetCluster: { clusterNames: ['eu'] },
        overriders: {
          plaintext: [
            { path: '/spec/replicas', operator: 'replace', value: 0 },
          ],
        },
      },
    ],
  },
});

const memberKubeconfig = (m: string) =>
  process.env[`TESTBED_MEMBER_${m.toUpperCase()}_KUBECONFIG`]!;

describeTestbed('mesh status against the testbed', () => {
  jest.setTimeout(480_000);
  let server: Parameters<typeof request>[0];

  function deleteEcho() {
    kubectl([
      'delete',
      'overridepolicy,propagationpolicy,destinationrule,service,deployment',
      '-n',
      NS,
      '-l',
      'backstage.io/kubernetes-id=echo',
      '--ignore-not-found',
    ]);
    for (const [kind, name] of [
      ['propagationpolicy', 'echo'],
      ['overridepolicy', 'echo-eu-zero'],
    ]) {
      kubectl(['delete', kind, '-n', NS, name, '--ignore-not-found']);
    }
    kubectl(
      [
        'delete',
        'virtualservice',
        '-n',
        NS,
        'echo-canary',
        '--ignore-not-found',
      ],
      undefined,
      memberKubeconfig('na'),
    );
  }

  beforeAll(async () => {
    // Namespaces made in Karmada reach every member with their labels.
    kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: NS, labels: { 'istio-injection': 'enabled' } },
      }),
    );
    deleteEcho();
    await waitClustersSchedulable();
    kubectl([
      'apply',
      '-f',
      resolve(repoRoot, 'examples/workloads/hello.yaml'),
    ]);
    kubectl(['apply', '-f', '-'], echoService(failoverOnly));

    const env = process.env;
    const debugUrls = Object.fromEntries(
      MEMBERS.map(m => [
        m,
        env[`TESTBED_MEMBER_${m.toUpperCase()}_ISTIOD_DEBUG_URL`]!,
      ]),
    );
    const started = await startTestBackend({
      features: [
        multiclusterPlugin,
        catalogServiceMock.factory({
          entities: [componentFor('hello'), componentFor('echo', NS)],
        }),
        mockServices.rootConfig.factory({
          data: {
            multicluster: {
              karmada: [testbedKarmadaConfig()],
              mesh: {
                istiod: { debugUrls },
                prometheus: { url: env.TESTBED_PROMETHEUS_URL!, window: '30s' },
              },
            },
          },
        }),
      ],
    });
    server = started.server;
  });

  afterAll(() => deleteEcho());

  const meshOf = async (name: string) =>
    (
      await request(server).get(
        `/api/multicluster/entities/default/component/${name}/mesh`,
      )
    ).body;
  const clusterOf = (body: any, name: string) =>
    body.clusters?.find((c: any) => c.cluster === name);
  // Another suite stops and restarts eu while this one runs: wait for
  // answers in which every member and its istiod could be read.
  const complete = (body: any) =>
    MEMBERS.every(m => clusterOf(body, m)?.istiod.present) &&
    !body.errors.some((e: any) => MEMBERS.includes(e.cluster));
  const edge = (body: any, from: string, to: string) =>
    body.traffic?.edges?.find(
      (e: any) => e.sourceCluster === from && e.destinationCluster === to,
    );

  it('shows every istiod synced with the other two and the demo service’s endpoints from all three clusters', async () => {
    const seesAll = (body: any) =>
      MEMBERS.every(m => {
        const c = clusterOf(body, m);
        const totals = Object.fromEntries(
          (c?.endpoints ?? []).map((e: any) => [e.cluster, e.total]),
        );
        return (
          MEMBERS.every(
            other =>
              c?.istiod.clusters.find((r: any) => r.id === other)
                ?.syncStatus === 'synced',
          ) &&
          totals.na === 4 &&
          totals.eu === 1 &&
          totals.sea === 1
        );
      });
    const body = await poll(
      () => meshOf('hello'),
      b => complete(b) && seesAll(b),
      180_000,
    );

    expect(body.services).toEqual([
      {
        namespace: 'default',
        name: 'hello',
        host: 'hello.default.svc.cluster.local',
      },
    ]);
    for (const m of MEMBERS) {
      const c = clusterOf(body, m);
      expect(c.istiod).toMatchObject({ present: true, missing: [] });
      expect(c.istiod.clusters[0]).toEqual({ id: m, syncStatus: 'synced' });
      expect(
        c.istiod.clusters
          .filter((r: any) => MEMBERS.includes(r.id) && r.id !== m)
          .map((r: any) => [r.id, r.syncStatus, r.secretName]),
      ).toEqual(
        MEMBERS.filter(o => o !== m)
          .sort()
          .map(o => [o, 'synced', `istio-system/istio-remote-secret-${o}`]),
      );
      expect(c.network).toBe(`network-${m}`);
      expect(
        c.endpoints.map((e: any) => [e.cluster, e.total, e.healthy]),
      ).toEqual([
        ['eu', 1, 1],
        ['na', 4, 4],
        ['sea', 1, 1],
      ]);
      // The testbed labels `default` for injection, so every pod has a sidecar.
      expect(c.injection.namespaces).toEqual([
        { name: 'default', enabled: true, label: 'istio-injection=enabled' },
      ]);
      expect(c.injection.pods.injected).toBe(c.injection.pods.total);
      expect(c.policies).toEqual([
        expect.objectContaining({
          kind: 'DestinationRule',
          name: 'hello',
          failoverEffective: true,
        }),
      ]);
    }
    expect(body.drift).toEqual([]);
    // Other suites' temporary members may be joining the mesh meanwhile;
    // the three members' own sync is asserted above.
    expect(
      body.warnings.filter((w: any) => w.kind !== 'istiodNotSynced'),
    ).toEqual([]);
  });

  it('warns when a DestinationRule asks for failover without outlierDetection, and stops when it is set', async () => {
    const warned = await poll(
      () => meshOf('echo'),
      b =>
        complete(b) &&
        MEMBERS.every(m => clusterOf(b, m).policies.length > 0) &&
        b.warnings.some(
          (w: any) => w.kind === 'failoverWithoutOutlierDetection',
        ),
      180_000,
    );
    expect(warned.warnings).toContainEqual({
      kind: 'failoverWithoutOutlierDetection',
      object: `DestinationRule ${NS}/echo`,
      message: expect.stringContaining('no trafficPolicy.outlierDetection'),
    });
    expect(clusterOf(warned, 'eu').policies[0]).toMatchObject({
      name: 'echo',
      outlierDetection: false,
      failoverEffective: false,
    });

    kubectl(['apply', '-f', '-'], echoService(failoverWithOutlierDetection));
    const fixed = await poll(
      () => meshOf('echo'),
      b =>
        complete(b) &&
        MEMBERS.every(
          m => clusterOf(b, m).policies[0]?.failoverEffective === true,
        ),
      180_000,
    );
    expect(fixed.warnings.map((w: any) => w.kind)).not.toContain(
      'failoverWithoutOutlierDetection',
    );
    expect(fixed.drift).toEqual([]);
  });

  it('reports drift when one primary holds a routing rule the others lack', async () => {
    // Written straight into na, past Karmada: only na's istiod routes by it.
    kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'echo-canary', namespace: NS },
        spec: {
          hosts: ['echo'],
          http: [{ route: [{ destination: { host: 'echo' } }] }],
        },
      }),
      memberKubeconfig('na'),
    );
    try {
      const body = await poll(
        () => meshOf('echo'),
        b => complete(b) && b.drift.some((d: any) => d.name === 'echo-canary'),
        180_000,
      );
      expect(body.drift.find((d: any) => d.name === 'echo-canary')).toEqual({
        kind: 'VirtualService',
        namespace: NS,
        name: 'echo-canary',
        versions: [
          { specHash: 'missing', clusters: ['eu', 'sea'] },
          {
            specHash: expect.stringMatching(/^[0-9a-f]{12}$/),
            clusters: ['na'],
          },
        ],
      });
      expect(body.warnings).toContainEqual({
        kind: 'configDrift',
        object: `VirtualService ${NS}/echo-canary`,
        message: expect.stringContaining('missing in eu, sea'),
      });
    } finally {
      kubectl(
        ['delete', 'virtualservice', '-n', NS, 'echo-canary'],
        undefined,
        memberKubeconfig('na'),
      );
    }
  });

  it('moves eu’s simulated traffic to its failover region when eu scales to zero', async () => {
    kubectl(['apply', '-f', '-'], echoService(failoverWithOutlierDetection));
    const inRegion = await poll(
      () => meshOf('echo'),
      b =>
        complete(b) && MEMBERS.every(m => edge(b, m, m)?.requestsPerSecond > 0),
      180_000,
    );
    expect(inRegion.traffic.window).toBe('30s');
    expect(edge(inRegion, 'eu', 'eu')).toMatchObject({
      sourceRegion: 'eu',
      destinationRegion: 'eu',
      errorRatio: 0,
    });
    expect(edge(inRegion, 'eu', 'eu').p95Ms).toBeGreaterThan(0);

    kubectl(['apply', '-f', '-'], euToZero);
    const failedOver = await poll(
      () => meshOf('echo'),
      b =>
        complete(b) &&
        !edge(b, 'eu', 'eu') &&
        edge(b, 'eu', 'na')?.requestsPerSecond > 0,
      180_000,
    );
    expect(edge(failedOver, 'eu', 'na')).toMatchObject({
      sourceRegion: 'eu',
      destinationRegion: 'na',
    });
    // The other regions keep their own traffic.
    expect(edge(failedOver, 'na', 'na')?.requestsPerSecond).toBeGreaterThan(0);
    expect(edge(failedOver, 'sea', 'sea')?.requestsPerSecond).toBeGreaterThan(
      0,
    );
    // istiod sees eu's endpoints gone, too.
    const euEndpoints = clusterOf(failedOver, 'na').endpoints.find(
      (e: any) => e.cluster === 'eu',
    );
    expect(euEndpoints?.total ?? 0).toBe(0);
  });
});
