import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import {
  componentFor,
  describeTestbed,
  kubectl,
  poll,
  testbedCommand,
  testbedKarmadaConfig,
  waitClustersSchedulable,
} from './__testUtils__/testbed';
import { multiclusterPlugin } from './plugin';

const NS = 'mc-it';

function workload(name: string, replicas: number, placement: object) {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name,
          namespace: NS,
          labels: { 'backstage.io/kubernetes-id': name },
        },
        spec: {
          replicas,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: {
              containers: [
                {
                  name: 'web',
                  image: 'nginx:1.27',
                  ports: [{ containerPort: 80 }],
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'policy.karmada.io/v1alpha1',
        kind: 'PropagationPolicy',
        metadata: { name, namespace: NS },
        spec: {
          resourceSelectors: [
            { apiVersion: 'apps/v1', kind: 'Deployment', name },
          ],
          placement,
        },
      },
    ],
  });
}

describeTestbed('placement and pods against the testbed', () => {
  jest.setTimeout(240_000);
  let server: Parameters<typeof request>[0];

  // The namespace stays (deleting namespaces in Karmada is slow); the
  // objects are removed before and after, so every run schedules afresh.
  function deleteWorkloads() {
    for (const kind of ['deployment', 'propagationpolicy']) {
      kubectl([
        'delete',
        kind,
        '-n',
        NS,
        'hello-it',
        'nowhere-it',
        '--ignore-not-found',
        '--wait=true',
      ]);
    }
  }

  beforeAll(async () => {
    kubectl(
      ['apply', '-f', '-'],
      kubectl(['create', 'namespace', NS, '--dry-run=client', '-o', 'json']),
    );
    deleteWorkloads();
    await waitClustersSchedulable();
    kubectl(
      ['apply', '-f', '-'],
      workload('hello-it', 6, {
        clusterAffinity: { clusterNames: ['na', 'eu', 'sea'] },
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Weighted',
          weightPreference: {
            staticWeightList: [
              { targetCluster: { clusterNames: ['na'] }, weight: 4 },
              { targetCluster: { clusterNames: ['eu'] }, weight: 1 },
              { targetCluster: { clusterNames: ['sea'] }, weight: 1 },
            ],
          },
        },
      }),
    );
    kubectl(
      ['apply', '-f', '-'],
      workload('nowhere-it', 1, {
        clusterAffinity: { clusterNames: ['atlantis'] },
      }),
    );

    const started = await startTestBackend({
      features: [
        multiclusterPlugin,
        catalogServiceMock.factory({
          entities: [
            componentFor('hello-it', NS),
            componentFor('nowhere-it', NS),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            multicluster: {
              karmada: [testbedKarmadaConfig()],
              regions: {
                na: { title: 'North America' },
                eu: { title: 'Europe' },
                sea: { title: 'Southeast Asia' },
              },
              timeouts: { podsMs: 5000 },
            },
          },
        }),
      ],
    });
    server = started.server;
  });

  afterAll(() => {
    deleteWorkloads();
  });

  const placementOf = async (name: string) =>
    (
      await request(server).get(
        `/api/multicluster/entities/default/component/${name}/placement`,
      )
    ).body;

  it('shows the weighted 4:1:1 Deployment as na 4 / eu 1 / sea 1, all ready', async () => {
    const body = await poll(
      () => placementOf('hello-it'),
      b =>
        JSON.stringify(
          b.workloads?.[0]?.clusters?.map((c: any) => [
            c.cluster,
            c.assignedReplicas,
            c.readyReplicas,
          ]),
        ) ===
        JSON.stringify([
          ['na', 4, 4],
          ['eu', 1, 1],
          ['sea', 1, 1],
        ]),
    );

    expect(body.stale).toBe(false);
    const [w] = body.workloads;
    expect(w).toMatchObject({
      karmada: 'testbed',
      kind: 'Deployment',
      namespace: NS,
      name: 'hello-it',
      desiredReplicas: 6,
      binding: { scheduled: { status: 'True' } },
      policy: { name: 'hello-it', strategy: 'DividedStaticWeight' },
    });
    expect(
      w.clusters.map((c: any) => [
        c.cluster,
        c.assignedReplicas,
        c.readyReplicas,
        c.health,
      ]),
    ).toEqual([
      ['na', 4, 4, 'Healthy'],
      ['eu', 1, 1, 'Healthy'],
      ['sea', 1, 1, 'Healthy'],
    ]);
    expect(
      body.regions.map((r: any) => [
        r.region.id,
        r.assignedReplicas,
        r.readyReplicas,
        r.health,
      ]),
    ).toEqual([
      ['na', 4, 4, 'Healthy'],
      ['eu', 1, 1, 'Healthy'],
      ['sea', 1, 1, 'Healthy'],
    ]);
    expect(body.errors).toEqual([]);
  });

  it('lists the pods of every member through the cluster proxy', async () => {
    const body = await poll(
      async () =>
        (
          await request(server).get(
            '/api/multicluster/entities/default/component/hello-it/pods',
          )
        ).body,
      b =>
        b.clusters?.reduce(
          (n: number, c: any) => n + c.pods.filter((p: any) => p.ready).length,
          0,
        ) === 6,
    );
    const counts = Object.fromEntries(
      body.clusters.map((c: any) => [c.cluster, c.pods.length]),
    );
    expect(counts).toEqual({ na: 4, eu: 1, sea: 1 });
    const pod = body.clusters[0].pods[0];
    expect(pod).toMatchObject({ namespace: NS, phase: 'Running', ready: true });
    expect(pod.node).toBeTruthy();
    expect(body.errors).toEqual([]);
  });

  it("shows Scheduled=False with Karmada's message for a policy nothing satisfies", async () => {
    const body = await poll(
      () => placementOf('nowhere-it'),
      b => b.workloads?.[0]?.binding?.scheduled?.status === 'False',
    );
    const rb = JSON.parse(
      kubectl([
        'get',
        'resourcebinding',
        '-n',
        NS,
        'nowhere-it-deployment',
        '-o',
        'json',
      ]),
    );
    const scheduled = rb.status.conditions.find(
      (c: any) => c.type === 'Scheduled',
    );

    expect(body.workloads[0].binding.scheduled).toMatchObject({
      status: 'False',
      reason: scheduled.reason,
      message: scheduled.message,
    });
    expect(scheduled.message).toBeTruthy();
    expect(body.workloads[0].clusters).toEqual([]);
  });

  it('reports a stopped member in errors[] while the others still answer', async () => {
    testbedCommand('member', 'stop', 'eu');
    try {
      const body = (
        await request(server).get(
          '/api/multicluster/entities/default/component/hello-it/pods',
        )
      ).body;
      expect(body.errors.map((e: any) => e.cluster)).toEqual(['eu']);
      expect(body.clusters.map((c: any) => c.cluster).sort()).toEqual([
        'na',
        'sea',
      ]);

      const placement = await poll(
        () => placementOf('hello-it'),
        b => b.errors?.some((e: any) => e.cluster === 'eu'),
      );
      expect(placement.errors).toEqual([
        expect.objectContaining({ cluster: 'eu', errorType: 'SYSTEM_ERROR' }),
      ]);
      expect(placement.errors[0].message).toMatch(/^cluster is not ready/);
    } finally {
      testbedCommand('member', 'start', 'eu');
      await waitClustersSchedulable();
    }
  });
});
