import { AuditorService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  ServiceMock,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { eventually, FakeKarmada } from './__testUtils__/FakeKarmada';
import {
  BINDINGS,
  CLUSTERS,
  DEPLOYMENTS,
  OVERRIDES,
  cluster,
  deployment,
  weightedBinding,
  helloEntity as hello,
} from './__testUtils__/fixtures';
import { multiclusterPlugin } from './plugin';

const plain: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'plain', namespace: 'default' },
  spec: {},
};

/** An owner's attempt to see every workload: `!foo` matches nearly all. */
const broad: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'broad',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-label-selector': '!foo' },
  },
  spec: {},
};

const proxy = (c: string) =>
  `/apis/cluster.karmada.io/v1alpha1/clusters/${c}/proxy`;

describe('multicluster routes', () => {
  let karmada: FakeKarmada;
  let auditor: ServiceMock<AuditorService>;

  beforeEach(async () => {
    auditor = mockServices.auditor.mock();
    karmada = new FakeKarmada();
    await karmada.start();
    karmada.put(CLUSTERS, cluster('na', 'na'));
    karmada.put(CLUSTERS, cluster('eu', 'eu'));
    karmada.put(CLUSTERS, cluster('sea', 'sea', false));
    karmada.put(CLUSTERS, cluster('lab', ''));
    karmada.put(
      DEPLOYMENTS,
      deployment('hello', 6, { 'backstage.io/kubernetes-id': 'hello' }),
    );
    karmada.put(
      DEPLOYMENTS,
      deployment('other', 1, { 'backstage.io/kubernetes-id': 'other' }),
    );
    karmada.put(
      BINDINGS,
      weightedBinding(
        'hello',
        { na: 4, eu: 1, sea: 1 },
        { na: 4, eu: 1, sea: 1 },
        { na: 4, eu: 1, sea: 0 },
      ),
    );
    karmada.put(OVERRIDES, {
      metadata: { name: 'hello-images', namespace: 'default' },
      spec: {
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello' },
        ],
      },
    });
  });

  afterEach(() => karmada.stop());

  async function startBackend(
    options: {
      deny?: boolean;
      waitForWatches?: boolean;
      karmadaAuth?: object;
    } = {},
  ) {
    const { server } = await startTestBackend({
      features: [
        multiclusterPlugin,
        auditor.factory,
        catalogServiceMock.factory({ entities: [hello, plain, broad] }),
        mockServices.permissions.factory({
          result: options.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        }),
        mockServices.rootConfig.factory({
          data: {
            multicluster: {
              karmada: [
                { name: 'global', url: karmada.url, auth: options.karmadaAuth },
              ],
              regions: {
                na: { title: 'North America', latitude: 40, longitude: -100 },
                eu: { title: 'Europe', latitude: 50, longitude: 10 },
                sea: {
                  title: 'Southeast Asia',
                  latitude: 1.3,
                  longitude: 103.8,
                },
              },
              cache: { backoffMinMs: 20, backoffMaxMs: 100 },
            },
          },
        }),
      ],
    });
    if (options.waitForWatches === false) {
      return server;
    }
    // Wait until the caches the tests read are listed and watching.
    await eventually(() => expect(karmada.watcherCount(BINDINGS)).toBe(1));
    await eventually(() => expect(karmada.watcherCount(DEPLOYMENTS)).toBe(1));
    await eventually(() => expect(karmada.watcherCount(OVERRIDES)).toBe(1));
    return server;
  }

  it('groups clusters by region with readiness, capacity and taints', async () => {
    const server = await startBackend();
    const res = await request(server).get('/api/multicluster/clusters');

    expect(res.status).toBe(200);
    expect(res.body.stale).toBe(false);
    expect(res.body.regions.map((r: any) => r.region.id)).toEqual([
      'na',
      'eu',
      'sea',
      'unassigned',
    ]);
    const na = res.body.regions[0];
    expect(na.region).toEqual({
      id: 'na',
      title: 'North America',
      latitude: 40,
      longitude: -100,
    });
    expect(na.clusters[0]).toMatchObject({
      name: 'na',
      karmada: 'global',
      zones: ['na-1a', 'na-1b'],
      provider: 'testbed',
      syncMode: 'Push',
      ready: { status: 'True', reason: 'ClusterReady' },
      kubernetesVersion: 'v1.35.4',
      nodes: { ready: 3, total: 3 },
      resources: {
        cpu: { allocatable: 24, allocated: 1.5, allocating: 0 },
        memory: {
          allocatable: 96 * 2 ** 30,
          allocated: 512 * 2 ** 20,
          allocating: 0,
        },
        pods: { allocatable: 330, allocated: 4, allocating: 0 },
      },
    });
    const sea = res.body.regions[2].clusters[0];
    expect(sea.ready).toMatchObject({
      status: 'False',
      reason: 'ClusterNotReachable',
    });
    expect(sea.taints).toEqual([
      { key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule' },
    ]);
    expect(res.body.regions[3].region).toEqual({
      id: 'unassigned',
      title: 'Unassigned',
    });
  });

  it('refuses the inventory without the multicluster.clusters.read permission', async () => {
    const server = await startBackend({ deny: true });
    const res = await request(server).get('/api/multicluster/clusters');
    expect(res.status).toBe(403);
  });

  it('needs credentials for everything but /health', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/multicluster/clusters')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
    const health = await request(server)
      .get('/api/multicluster/health')
      .set('authorization', mockCredentials.none.header());
    expect(health.status).toBe(200);
  });

  it('tells /health callers without valid credentials only whether it is ready', async () => {
    const server = await startBackend();
    const health = (authorization: string) =>
      request(server)
        .get('/api/multicluster/health')
        .set('authorization', authorization);

    for (const anonymous of [
      mockCredentials.none.header(),
      mockCredentials.user.invalidHeader(),
      mockCredentials.service.invalidHeader(),
    ]) {
      const res = await health(anonymous);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ready: true });
    }

    for (const signedIn of [
      mockCredentials.user.header(),
      mockCredentials.service.header(),
    ]) {
      const res = await health(signedIn);
      expect(res.status).toBe(200);
      expect(res.body.instances[0]).toMatchObject({
        name: 'global',
        url: karmada.url,
        cache: { synced: true, stale: false },
      });
      expect(typeof res.body.checkedAt).toBe('string');
    }
  });

  it('answers placement per cluster and region, with the policy and errors', async () => {
    const server = await startBackend();
    const res = await request(server).get(
      '/api/multicluster/entities/default/component/hello/placement',
    );

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/hello',
      labelSelector: 'backstage.io/kubernetes-id=hello',
      stale: false,
    });
    expect(res.body.workloads).toHaveLength(1);
    const [workload] = res.body.workloads;
    expect(workload).toMatchObject({
      karmada: 'global',
      kind: 'Deployment',
      name: 'hello',
      desiredReplicas: 6,
      binding: {
        name: 'hello-deployment',
        scheduled: { status: 'True' },
        fullyApplied: { status: 'True' },
      },
      policy: {
        kind: 'PropagationPolicy',
        name: 'hello',
        strategy: 'DividedStaticWeight',
        staticWeights: [
          { target: { clusterNames: ['na'] }, weight: 4 },
          { target: { clusterNames: ['eu'] }, weight: 1 },
          { target: { clusterNames: ['sea'] }, weight: 1 },
        ],
        affinities: [{ clusterNames: ['na', 'eu', 'sea'] }],
        overrides: ['hello-images'],
      },
    });
    expect(
      workload.clusters.map((c: any) => [
        c.cluster,
        c.region,
        c.assignedReplicas,
        c.readyReplicas,
        c.health,
      ]),
    ).toEqual([
      ['na', 'na', 4, 4, 'Healthy'],
      ['eu', 'eu', 1, 1, 'Healthy'],
      ['sea', 'sea', 1, 0, 'Unhealthy'],
    ]);
    expect(
      res.body.regions.map((r: any) => [
        r.region.title,
        r.assignedReplicas,
        r.readyReplicas,
        r.health,
      ]),
    ).toEqual([
      ['North America', 4, 4, 'Healthy'],
      ['Europe', 1, 1, 'Healthy'],
      ['Southeast Asia', 1, 0, 'Unhealthy'],
    ]);
    expect(res.body.errors).toEqual([
      {
        cluster: 'sea',
        errorType: 'SYSTEM_ERROR',
        message: 'cluster is not ready: cluster is not reachable',
      },
    ]);
  });

  it('follows changes in Karmada without restarting', async () => {
    const server = await startBackend();
    karmada.put(
      BINDINGS,
      weightedBinding(
        'hello',
        { na: 4, eu: 1, sea: 1 },
        { na: 5, eu: 1 },
        { na: 5, eu: 1 },
      ),
    );
    let assigned: unknown;
    const deadline = Date.now() + 5000;
    do {
      const res = await request(server).get(
        '/api/multicluster/entities/default/component/hello/placement',
      );
      assigned = res.body.workloads[0].clusters.map((c: any) => [
        c.cluster,
        c.assignedReplicas,
      ]);
    } while (JSON.stringify(assigned).includes('sea') && Date.now() < deadline);
    expect(assigned).toEqual([
      ['na', 5],
      ['eu', 1],
    ]);
  });

  /** Polls hello's placement until its workload names are `expected`. */
  async function waitForWorkloads(
    server: Awaited<ReturnType<typeof startBackend>>,
    expected: string[],
  ) {
    let names: string[] = [];
    const deadline = Date.now() + 5000;
    do {
      const res = await request(server).get(
        '/api/multicluster/entities/default/component/hello/placement',
      );
      names = res.body.workloads.map((w: { name: string }) => w.name);
    } while (names.join() !== expected.join() && Date.now() < deadline);
    expect(names).toEqual(expected);
  }

  it('follows workloads that are relabelled to or away from the entity', async () => {
    const server = await startBackend();
    karmada.put(
      DEPLOYMENTS,
      deployment('other', 1, { 'backstage.io/kubernetes-id': 'hello' }),
    );
    karmada.put(
      DEPLOYMENTS,
      deployment('hello', 6, { 'backstage.io/kubernetes-id': 'renamed' }),
    );
    await waitForWorkloads(server, ['other']);
  });

  it('follows deleted workloads, and changes seen only by a re-list', async () => {
    const server = await startBackend();
    karmada.put(
      DEPLOYMENTS,
      deployment('other', 1, { 'backstage.io/kubernetes-id': 'hello' }),
    );
    await waitForWorkloads(server, ['hello', 'other']);
    karmada.remove(DEPLOYMENTS, 'other', 'default');
    await waitForWorkloads(server, ['hello']);

    // While Karmada is away no watch event arrives: only the re-list after
    // the reconnect can tell the cache.
    await karmada.stop();
    karmada.remove(DEPLOYMENTS, 'hello', 'default');
    karmada.put(
      DEPLOYMENTS,
      deployment('late', 2, { 'backstage.io/kubernetes-id': 'hello' }),
    );
    await karmada.restart();
    await waitForWorkloads(server, ['late']);
  });

  it('answers from the last known state, marked stale, while Karmada is down', async () => {
    const server = await startBackend();
    await karmada.stop();
    let res: request.Response | undefined;
    const deadline = Date.now() + 5000;
    do {
      res = await request(server).get(
        '/api/multicluster/entities/default/component/hello/placement',
      );
    } while (!res.body.stale && Date.now() < deadline);

    expect(res.status).toBe(200);
    expect(res.body.stale).toBe(true);
    expect(res.body.instances[0]).toMatchObject({
      name: 'global',
      synced: true,
      stale: true,
    });
    // The broken watch or the failed reconnect, whichever came first.
    expect(res.body.instances[0].message).toMatch(
      /other side closed|ECONNREFUSED/,
    );
    expect(res.body.workloads[0].clusters).toHaveLength(3);
    await karmada.restart(); // for afterEach
  });

  it('is 404 for an entity the caller cannot see, 400 without annotations', async () => {
    const server = await startBackend();
    const missing = await request(server).get(
      '/api/multicluster/entities/default/component/nope/placement',
    );
    expect(missing.status).toBe(404);

    const unannotated = await request(server).get(
      '/api/multicluster/entities/default/component/plain/placement',
    );
    expect(unannotated.status).toBe(400);
    expect(unannotated.body.error.message).toContain(
      'backstage.io/kubernetes-id',
    );
  });

  it('refuses a selector that matches nearly every workload, before reading anything', async () => {
    const server = await startBackend();
    const memberReads = () =>
      karmada.requests.filter(path => path.includes('/proxy/'));

    for (const route of ['placement', 'pods', 'mesh']) {
      const res = await request(server).get(
        `/api/multicluster/entities/default/component/broad/${route}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message:
          "backstage.io/kubernetes-label-selector: '!foo' needs at least one term key=value, key==value or key in (value): without one it matches nearly every workload of every cluster",
      });
    }
    expect(memberReads()).toEqual([]);
  });

  describe('audit of reads through members', () => {
    beforeEach(() => {
      for (const c of ['na', 'eu']) {
        karmada.put(`${proxy(c)}/api/v1/namespaces/default/pods`, {
          metadata: { name: `hello-${c}-1`, namespace: 'default' },
          spec: { containers: [{ name: 'app' }] },
          status: { phase: 'Running' },
        });
      }
    });

    it('records who read the pods of which entity, and which clusters were asked', async () => {
      const server = await startBackend({
        karmadaAuth: { type: 'serviceAccount', token: 'karmada-sekret' },
      });
      const userToken = mockCredentials.user.token('user:default/alice');
      const res = await request(server)
        .get('/api/multicluster/entities/default/component/hello/pods')
        .set('authorization', `Bearer ${userToken}`);
      expect(res.status).toBe(200);
      expect(res.body.clusters.map((c: any) => c.cluster).sort()).toEqual([
        'eu',
        'na',
        'sea',
      ]);
      expect(JSON.stringify(res.body)).toContain('hello-na-1');

      expect(auditor.createEvent).toHaveBeenCalledTimes(1);
      expect(auditor.createEvent).toHaveBeenCalledWith({
        eventId: 'resource-fetch',
        severityLevel: 'low',
        request: expect.objectContaining({ method: 'GET' }),
        meta: { queryType: 'pods', entityRef: 'component:default/hello' },
      });
      const event = await (auditor.createEvent as jest.Mock).mock.results[0]
        .value;
      expect(event.success).toHaveBeenCalledWith({
        meta: { clusters: ['eu', 'na', 'sea'] },
      });
      expect(event.fail).not.toHaveBeenCalled();

      // Names only: no token of the caller or of Karmada, no pod.
      const metas = JSON.stringify([
        (auditor.createEvent as jest.Mock).mock.calls[0][0].meta,
        event.success.mock.calls,
      ]);
      expect(karmada.authorizations).toContain('Bearer karmada-sekret');
      for (const secret of [userToken, 'karmada-sekret', 'hello-na-1']) {
        expect(metas).not.toContain(secret);
      }
    });

    it('records a failed read with its error, e.g. an entity the caller cannot see', async () => {
      const server = await startBackend();
      const res = await request(server).get(
        '/api/multicluster/entities/default/component/nope/pods',
      );
      expect(res.status).toBe(404);
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'resource-fetch',
          meta: { queryType: 'pods', entityRef: 'component:default/nope' },
        }),
      );
      const event = await (auditor.createEvent as jest.Mock).mock.results[0]
        .value;
      expect(event.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ name: 'NotFoundError' }),
      });
      expect(event.success).not.toHaveBeenCalled();
    });

    it('answers even when the audit sink fails', async () => {
      auditor.createEvent.mockResolvedValue({
        success: jest.fn().mockRejectedValue(new Error('audit sink down')),
        fail: jest.fn(),
      });
      const server = await startBackend();
      const res = await request(server).get(
        '/api/multicluster/entities/default/component/hello/pods',
      );
      expect(res.status).toBe(200);
    });

    it('does not audit placement, which is answered from the caches', async () => {
      const server = await startBackend();
      await request(server).get(
        '/api/multicluster/entities/default/component/hello/placement',
      );
      expect(auditor.createEvent).not.toHaveBeenCalled();
    });
  });

  it('starts while Karmada is down, says so in /health, and recovers by itself', async () => {
    await karmada.stop();
    const server = await startBackend({ waitForWatches: false });

    const anonymous = await request(server)
      .get('/api/multicluster/health')
      .set('authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(503);
    expect(anonymous.body).toEqual({ ready: false });

    const down = await request(server).get('/api/multicluster/health');
    expect(down.status).toBe(503);
    expect(down.body.instances[0]).toMatchObject({
      name: 'global',
      ready: false,
      cache: { synced: false, stale: true },
    });
    const empty = await request(server).get('/api/multicluster/clusters');
    expect(empty.body).toMatchObject({ regions: [], stale: true });

    await karmada.restart();
    let up: request.Response;
    const deadline = Date.now() + 5000;
    do {
      up = await request(server).get('/api/multicluster/health');
    } while (up.status !== 200 && Date.now() < deadline);
    expect(up.body.instances[0]).toMatchObject({
      ready: true,
      cache: { synced: true, stale: false },
    });
    const clusters = await request(server).get('/api/multicluster/clusters');
    expect(clusters.body.regions).toHaveLength(4);
  });
});
