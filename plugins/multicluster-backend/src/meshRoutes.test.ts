import { AuditorService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  ServiceMock,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { eventually, FakeKarmada } from './__testUtils__/FakeKarmada';
import {
  BINDINGS,
  CLUSTERS,
  DEPLOYMENTS,
  cluster,
  deployment,
  weightedBinding,
  helloEntity as hello,
} from './__testUtils__/fixtures';
import { multiclusterPlugin } from './plugin';

const HOST = 'hello.default.svc.cluster.local';
const proxy = (c: string) =>
  `/apis/cluster.karmada.io/v1alpha1/clusters/${c}/proxy`;
const istiodPath = (c: string, path: string) =>
  `${proxy(
    c,
  )}/api/v1/namespaces/istio-system/services/istiod:15014/proxy${path}`;

function endpoint(member: string, address: string, tls = 'istio') {
  return {
    Addresses: [address],
    Locality: { Label: `${member}/${member}-1a/`, ClusterID: member },
    TLSMode: tls,
    HealthStatus: 1,
  };
}

function destinationRule(name: string, trafficPolicy: object) {
  return {
    metadata: { name, namespace: 'default' },
    spec: { host: 'hello', trafficPolicy },
  };
}

const failover = {
  loadBalancer: {
    localityLbSetting: { enabled: true, failover: [{ from: 'eu', to: 'na' }] },
  },
};

/** Answers PromQL by the metric and filter it asks for. */
function fakePrometheus(queries: string[]): Server {
  return createServer((req, res) => {
    const query = new URL(req.url!, 'http://p').searchParams.get('query')!;
    queries.push(query);
    const series = (value: number) => [
      {
        metric: { source_cluster: 'eu', destination_cluster: 'na' },
        value: [0, String(value)],
      },
      {
        metric: { source_cluster: 'na', destination_cluster: 'na' },
        value: [0, String(value * 2)],
      },
      {
        metric: { source_cluster: 'sea', destination_cluster: 'sea' },
        value: [0, '0'],
      },
    ];
    let result;
    if (query.startsWith('histogram_quantile')) result = series(40);
    else if (query.includes('response_code')) result = series(1);
    else result = series(10);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result },
      }),
    );
  });
}

describe('GET /entities/:namespace/:kind/:name/mesh', () => {
  let karmada: FakeKarmada;
  let auditor: ServiceMock<AuditorService>;

  beforeEach(async () => {
    auditor = mockServices.auditor.mock();
    karmada = new FakeKarmada();
    await karmada.start();
    for (const c of ['na', 'eu', 'sea']) karmada.put(CLUSTERS, cluster(c, c));
    karmada.put(
      DEPLOYMENTS,
      deployment('hello', 6, { 'backstage.io/kubernetes-id': 'hello' }),
    );
    karmada.put(
      BINDINGS,
      weightedBinding(
        'hello',
        { na: 4, eu: 2 },
        { na: 4, eu: 2 },
        { na: 4, eu: 2 },
      ),
    );
    karmada.put('/api/v1/namespaces/default/services', {
      metadata: { name: 'hello', namespace: 'default' },
      spec: { selector: { app: 'hello' } },
    });
    karmada.put('/api/v1/namespaces/default/services', {
      metadata: { name: 'unrelated', namespace: 'default' },
      spec: { selector: { app: 'other' } },
    });

    // na: synced with all; eu: has not synced sea; sea: no istiod.
    karmada.documents.set(istiodPath('na', '/debug/clusterz'), [
      { id: 'na', secretName: '', syncStatus: 'synced' },
      {
        id: 'sea',
        secretName: 'istio-system/istio-remote-secret-sea',
        syncStatus: 'synced',
      },
      {
        id: 'eu',
        secretName: 'istio-system/istio-remote-secret-eu',
        syncStatus: 'synced',
      },
    ]);
    karmada.documents.set(istiodPath('eu', '/debug/clusterz'), [
      { id: 'eu', secretName: '', syncStatus: 'synced' },
      {
        id: 'na',
        secretName: 'istio-system/istio-remote-secret-na',
        syncStatus: 'synced',
      },
      {
        id: 'sea',
        secretName: 'istio-system/istio-remote-secret-sea',
        syncStatus: 'timeout',
      },
    ]);
    karmada.failures.set(istiodPath('sea', '/debug/clusterz'), 503);
    const shards = {
      [HOST]: {
        default: {
          Shards: {
            'Kubernetes/na': [
              endpoint('na', '10.100.0.1'),
              endpoint('na', '10.100.0.2'),
              endpoint('na', '10.100.0.3'),
              endpoint('na', '10.100.0.4'),
            ],
            'Kubernetes/eu': [
              endpoint('eu', '10.101.0.1'),
              endpoint('eu', '10.101.0.2', 'disabled'),
            ],
          },
        },
      },
      'other.default.svc.cluster.local': { default: { Shards: {} } },
    };
    karmada.documents.set(istiodPath('na', '/debug/endpointShardz'), shards);
    karmada.documents.set(istiodPath('eu', '/debug/endpointShardz'), shards);

    for (const [c, injection] of [
      ['na', 'enabled'],
      ['eu', 'disabled'],
      ['sea', 'enabled'],
    ]) {
      karmada.documents.set(`${proxy(c)}/api/v1/namespaces/default`, {
        metadata: { name: 'default', labels: { 'istio-injection': injection } },
      });
      karmada.documents.set(`${proxy(c)}/api/v1/namespaces/istio-system`, {
        metadata: {
          name: 'istio-system',
          labels: { 'topology.istio.io/network': `network-${c}` },
        },
      });
    }
    for (let i = 0; i < 4; i++) {
      karmada.put(`${proxy('na')}/api/v1/namespaces/default/pods`, {
        metadata: {
          name: `hello-${i}`,
          namespace: 'default',
          annotations: { 'sidecar.istio.io/status': '{}' },
        },
      });
    }
    karmada.put(`${proxy('eu')}/api/v1/namespaces/default/pods`, {
      metadata: { name: 'hello-eu', namespace: 'default' },
    });

    // The same DestinationRule differs between na and eu, and asks for
    // failover without outlier detection in na.
    karmada.put(
      `${proxy(
        'na',
      )}/apis/networking.istio.io/v1/namespaces/default/destinationrules`,
      destinationRule('hello', failover),
    );
    karmada.put(
      `${proxy(
        'eu',
      )}/apis/networking.istio.io/v1/namespaces/default/destinationrules`,
      destinationRule('hello', {
        ...failover,
        outlierDetection: { consecutive5xxErrors: 3 },
      }),
    );
    karmada.put(
      `${proxy(
        'na',
      )}/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications`,
      {
        metadata: { name: 'default', namespace: 'istio-system' },
        spec: { mtls: { mode: 'STRICT' } },
      },
    );
    // sea has no Istio CRDs at all.
    for (const path of [
      '/apis/networking.istio.io/v1/namespaces/default/destinationrules',
      '/apis/networking.istio.io/v1/namespaces/istio-system/destinationrules',
      '/apis/security.istio.io/v1/namespaces/default/peerauthentications',
    ]) {
      karmada.failures.set(`${proxy('sea')}${path}`, 404);
    }
  });

  afterEach(() => karmada.stop());

  async function startBackend(mesh: object = {}) {
    const { server } = await startTestBackend({
      features: [
        multiclusterPlugin,
        auditor.factory,
        catalogServiceMock.factory({ entities: [hello] }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            multicluster: {
              karmada: [{ name: 'global', url: karmada.url }],
              cache: { backoffMinMs: 20, backoffMaxMs: 100 },
              mesh,
            },
          },
        }),
      ],
    });
    await eventually(() => expect(karmada.watcherCount(BINDINGS)).toBe(1));
    await eventually(() => expect(karmada.watcherCount(DEPLOYMENTS)).toBe(1));
    await eventually(() => expect(karmada.watcherCount(CLUSTERS)).toBe(1));
    return server;
  }

  const meshOf = (server: any) =>
    request(server).get(
      '/api/multicluster/entities/default/component/hello/mesh',
    );

  it('reports discovery, endpoints, injection, mTLS and policies per cluster', async () => {
    const res = await meshOf(await startBackend());

    expect(res.status).toBe(200);
    expect(res.body.services).toEqual([
      { namespace: 'default', name: 'hello', host: HOST },
    ]);
    const [eu, na, sea] = res.body.clusters;
    expect(na).toMatchObject({
      cluster: 'na',
      region: 'na',
      network: 'network-na',
      hostsWorkloads: true,
      istiod: { present: true, synced: 2, expected: 2, missing: [] },
      injection: {
        namespaces: [
          { name: 'default', enabled: true, label: 'istio-injection=enabled' },
        ],
        pods: { total: 4, injected: 4 },
      },
      mtls: { mode: 'STRICT', source: 'istio-system/default' },
    });
    // Own cluster first, then the remotes by id.
    expect(na.istiod.clusters.map((c: any) => c.id)).toEqual([
      'na',
      'eu',
      'sea',
    ]);
    expect(na.endpoints).toEqual([
      {
        host: HOST,
        cluster: 'eu',
        localities: ['eu/eu-1a'],
        total: 2,
        healthy: 2,
        mtlsCapable: 1,
      },
      {
        host: HOST,
        cluster: 'na',
        localities: ['na/na-1a'],
        total: 4,
        healthy: 4,
        mtlsCapable: 4,
      },
    ]);
    expect(na.policies).toEqual([
      expect.objectContaining({
        kind: 'DestinationRule',
        name: 'hello',
        hosts: ['hello'],
        outlierDetection: false,
        failoverEffective: false,
        localityLb: expect.objectContaining({
          failover: [{ from: 'eu', to: 'na' }],
        }),
      }),
    ]);
    expect(eu.policies[0]).toMatchObject({ failoverEffective: true });
    expect(eu.mtls).toEqual({ mode: 'UNSET' });
    expect(sea).toMatchObject({
      hostsWorkloads: false,
      istiod: { present: false, message: 'no istiod answers (HTTP 503)' },
      policies: [],
      endpoints: [],
    });
    expect(res.body.errors).toEqual([]);
  });

  it('warns about failover without outlier detection, drift, unsynced istiods and missing sidecars', async () => {
    const res = await meshOf(await startBackend());

    expect(res.body.drift).toEqual([
      {
        kind: 'DestinationRule',
        namespace: 'default',
        name: 'hello',
        versions: [
          { specHash: expect.any(String), clusters: ['eu'] },
          { specHash: expect.any(String), clusters: ['na'] },
        ],
      },
    ]);
    const kinds = res.body.warnings.map(
      (w: any) => `${w.kind} ${w.cluster ?? w.object}`,
    );
    expect(kinds).toEqual([
      'failoverWithoutOutlierDetection DestinationRule default/hello',
      'configDrift DestinationRule default/hello',
      'istiodNotSynced eu',
      'injectionDisabled eu',
    ]);
    expect(res.body.warnings[0].message).toContain('(in na)');
    expect(res.body.warnings[2].message).toBe(
      'istiod in eu has synced 2/2 mesh clusters (sea timeout)',
    );
    expect(res.body.warnings[3].message).toBe(
      'eu: sidecar injection is off in default; 1 of 1 pods have no sidecar',
    );
  });

  it('says why traffic is missing without Prometheus', async () => {
    const res = await meshOf(await startBackend());
    expect(res.body.traffic).toBeUndefined();
    expect(res.body.trafficUnavailable).toBe(
      'no Prometheus configured (multicluster.mesh.prometheus.url)',
    );
  });

  it('builds traffic edges from Prometheus, leaving out idle series', async () => {
    const queries: string[] = [];
    const prometheus = fakePrometheus(queries);
    await new Promise<void>(r => prometheus.listen(0, '127.0.0.1', r));
    const { port } = prometheus.address() as AddressInfo;
    try {
      const res = await meshOf(
        await startBackend({
          prometheus: { url: `http://127.0.0.1:${port}`, window: '30s' },
        }),
      );
      expect(res.body.traffic).toEqual({
        window: '30s',
        edges: [
          {
            sourceCluster: 'eu',
            sourceRegion: 'eu',
            destinationCluster: 'na',
            destinationRegion: 'na',
            requestsPerSecond: 10,
            errorRatio: 0.1,
            p95Ms: 40,
          },
          {
            sourceCluster: 'na',
            sourceRegion: 'na',
            destinationCluster: 'na',
            destinationRegion: 'na',
            requestsPerSecond: 20,
            errorRatio: 0.1,
            p95Ms: 80,
          },
        ],
      });
      expect(queries[0]).toBe(
        'sum by (source_cluster, destination_cluster) (rate(istio_requests_total{reporter="source",destination_service=~"hello\\\\.default\\\\.svc\\\\.cluster\\\\.local"}[30s]))',
      );
    } finally {
      prometheus.close();
    }
  });

  it('puts a cluster whose API cannot be read into errors[] and answers for the others', async () => {
    karmada.failures.set(`${proxy('eu')}/api/v1/namespaces/default/pods`, 500);
    const res = await meshOf(await startBackend());
    expect(res.status).toBe(200);
    expect(res.body.clusters.map((c: any) => c.cluster)).toEqual(['na', 'sea']);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        cluster: 'eu',
        errorType: 'SYSTEM_ERROR',
        statusCode: 500,
      }),
    ]);
  });

  it('audits the read with the member clusters it asked, not Karmada itself', async () => {
    // Karmada's own Service list fails: an error of the instance, not of a member.
    karmada.failures.set('/api/v1/namespaces/default/services', 500);
    const res = await meshOf(await startBackend());
    expect(res.status).toBe(200);
    expect(res.body.errors.map((e: any) => e.cluster)).toEqual([
      'karmada:global',
    ]);

    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'resource-fetch',
      severityLevel: 'low',
      request: expect.anything(),
      meta: { queryType: 'mesh', entityRef: 'component:default/hello' },
    });
    const event = await (auditor.createEvent as jest.Mock).mock.results[0]
      .value;
    expect(event.success).toHaveBeenCalledWith({
      meta: { clusters: ['eu', 'na', 'sea'] },
    });
  });

  it('refuses a bad prometheus.window, naming the key', async () => {
    await expect(
      startBackend({
        prometheus: { url: 'http://127.0.0.1:1', window: 'soon' },
      }),
    ).rejects.toThrow(/multicluster\.mesh\.prometheus\.window/);
  });
});
