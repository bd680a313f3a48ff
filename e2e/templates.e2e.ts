import { expect, test } from '@playwright/test';
import { signInAsGuest } from './support/app';
import {
  createTask,
  dryRunTemplate,
  guestToken,
  runTemplate,
} from './support/scaffolder';
import {
  bindingReplicas,
  existsInKarmada,
  istiodSyncedClusters,
  karmada,
  member,
  readyPods,
  testbed,
  withTestbed,
} from './support/testbed';

// Each run gets fresh names: the testbed and the demo repositories outlive a
// local run.
const run = Date.now().toString(36).slice(-5);
const weighted = `shop-${run}`;
const duplicated = `cart-${run}`;

test.describe.configure({ mode: 'serial' });
test.skip(!withTestbed, 'needs the testbed');
test.setTimeout(300_000);

const serviceValues = (name: string, extra: Record<string, unknown>) => ({
  name,
  owner: 'group:default/platform-team',
  description: `e2e ${name}`,
  image: 'nginx:1.27',
  port: 80,
  karmada: 'testbed',
  trafficPolicy: 'failover',
  sourceLocation: 'local',
  ...extra,
});

/** The weighted service: na and sea at 3:1. */
const weightedShop = (replicas: number) =>
  serviceValues(weighted, {
    replicas,
    regions: ['na', 'sea'],
    strategy: 'weighted',
    weights: [3, 1],
  });

/** Runs a cleanup step; reports a failure without hiding the test's own. */
function cleanup(step: () => unknown) {
  try {
    step();
  } catch (error) {
    console.warn(`cleanup failed: ${(error as Error).message}`);
  }
}

async function placementOf(
  request: Parameters<typeof guestToken>[0],
  token: string,
  name: string,
) {
  const response = await request.get(
    `/api/multicluster/entities/default/component/${name}/placement`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect(response.status()).toBe(200);
  const body = await response.json();
  return Object.fromEntries(
    body.workloads.flatMap((w: any) =>
      w.clusters.map((c: any) => [c.cluster, c.assignedReplicas]),
    ),
  );
}

test('new-multi-region-service, weighted 3:1 over na and sea with 4 replicas', async ({
  request,
}) => {
  const token = await guestToken(request);
  const result = await runTemplate(
    request,
    token,
    'new-multi-region-service',
    weightedShop(4),
  );
  expect(result.status, result.log).toBe('completed');

  // Karmada's own answer, read straight from its API server.
  await expect
    .poll(() => bindingReplicas(weighted, `${weighted}-deployment`), {
      timeout: 60_000,
    })
    .toEqual({ na: 3, sea: 1 });
  await expect
    .poll(() => [readyPods('na', weighted), readyPods('sea', weighted)], {
      timeout: 120_000,
    })
    .toEqual([3, 1]);

  // In the catalog, and our placement endpoint agrees with Karmada.
  await expect
    .poll(
      async () =>
        (
          await request.get(
            `/api/catalog/entities/by-name/component/default/${weighted}`,
            { headers: { Authorization: `Bearer ${token}` } },
          )
        ).status(),
      { timeout: 60_000 },
    )
    .toBe(200);
  await expect
    .poll(() => placementOf(request, token, weighted), { timeout: 30_000 })
    .toEqual({ na: 3, sea: 1 });
  expect(result.output.links).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        url: `/catalog/default/component/${weighted}/regions`,
      }),
    ]),
  );
});

test('new-multi-region-service duplicated to all three regions runs the full count in each', async ({
  request,
}) => {
  const token = await guestToken(request);
  const result = await runTemplate(
    request,
    token,
    'new-multi-region-service',
    serviceValues(duplicated, {
      replicas: 2,
      regions: ['na', 'eu', 'sea'],
      strategy: 'duplicated',
      trafficPolicy: 'distribute',
    }),
  );
  expect(result.status, result.log).toBe('completed');
  await expect
    .poll(() => bindingReplicas(duplicated, `${duplicated}-deployment`), {
      timeout: 60_000,
    })
    .toEqual({ na: 2, eu: 2, sea: 2 });
  await expect
    .poll(() => ['na', 'eu', 'sea'].map(m => readyPods(m, duplicated)), {
      timeout: 120_000,
    })
    .toEqual([2, 2, 2]);
});

test('running the template again: the same request is unchanged, a different one fails and changes nothing', async ({
  request,
}) => {
  const token = await guestToken(request);
  const same = await runTemplate(
    request,
    token,
    'new-multi-region-service',
    weightedShop(4),
  );
  expect(same.status, same.log).toBe('completed');
  expect(same.log).toMatch(/unchanged/);

  const different = await runTemplate(
    request,
    token,
    'new-multi-region-service',
    weightedShop(8),
  );
  expect(different.status).toBe('failed');
  expect(different.log).toMatch(
    new RegExp(
      `Deployment ${weighted}/${weighted} .*already exists? in testbed with other content; nothing was applied`,
    ),
  );
  expect(bindingReplicas(weighted, `${weighted}-deployment`)).toEqual({
    na: 3,
    sea: 1,
  });
});

test('bad parameters are refused before any step runs', async ({ request }) => {
  const token = await guestToken(request);
  const badName = await createTask(
    request,
    token,
    'new-multi-region-service',
    serviceValues('Bad_Name', {
      replicas: 2,
      regions: ['na'],
      strategy: 'duplicated',
    }),
  );
  expect(badName.status).toBe(400);
  expect(badName.text).toContain('instance.name');
  expect(badName.text).toContain('does not match pattern');
  const noRegion = await createTask(
    request,
    token,
    'new-multi-region-service',
    serviceValues(`none-${run}`, {
      replicas: 2,
      regions: [],
      strategy: 'duplicated',
    }),
  );
  expect(noRegion.status).toBe(400);
  expect(noRegion.text).toContain(
    'instance.regions does not meet minimum length of 1',
  );
  const badCluster = await createTask(request, token, 'new-regional-cluster', {
    name: 'Not A Name',
    region: 'sa',
    zones: ['sa-1a'],
    owner: 'group:default/platform-team',
    provider: 'testbed',
    karmada: 'testbed',
    mode: 'Push',
  });
  expect(badCluster.status).toBe(400);
  expect(badCluster.text).toContain('instance.name');
  expect(existsInKarmada('namespace', `none-${run}`)).toBe(false);
});

test('dry runs of both templates succeed and change nothing', async ({
  request,
}) => {
  const token = await guestToken(request);
  const name = `dry-${run}`;
  const service = await dryRunTemplate(
    request,
    token,
    'new-multi-region-service',
    serviceValues(name, {
      replicas: 2,
      regions: ['na', 'eu'],
      strategy: 'divided-even',
    }),
  );
  expect(service.status, JSON.stringify(service.body).slice(0, 2000)).toBe(200);
  expect(service.body.steps.map((s: any) => s.id)).toContain('apply');
  expect(existsInKarmada('namespace', name)).toBe(false);
  expect(existsInKarmada('deployment', '-A', '-l', `app=${name}`)).toBe(false);
  const entity = await request.get(
    `/api/catalog/entities/by-name/component/default/${name}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect(entity.status()).toBe(404);

  const cluster = await dryRunTemplate(request, token, 'new-regional-cluster', {
    name: `dry${run}`,
    region: 'sa',
    zones: ['sa-1a'],
    owner: 'group:default/platform-team',
    provider: 'testbed',
    karmada: 'testbed',
    mode: 'Push',
  });
  expect(cluster.status, JSON.stringify(cluster.body).slice(0, 2000)).toBe(200);
  expect(existsInKarmada('cluster', `dry${run}`)).toBe(false);
  // The testbed provider did not start a member either.
  expect(() => testbed('member', 'show', `dry${run}`)).toThrow(/no member/);
});

test('new-regional-cluster adds region sa, and a service can then run there', async ({
  page,
  request,
}) => {
  const token = await guestToken(request);
  const cluster = 'sa';
  try {
    const result = await runTemplate(request, token, 'new-regional-cluster', {
      name: cluster,
      region: 'sa',
      zones: ['sa-1a', 'sa-1b'],
      owner: 'group:default/platform-team',
      provider: 'testbed',
      karmada: 'testbed',
      mode: 'Push',
    });
    expect(result.status, result.log).toBe('completed');
    expect(result.log).not.toMatch(/BEGIN (CERTIFICATE|RSA|EC|PRIVATE)/);

    // istio:mesh:join: every istiod lists the new cluster as synced, and
    // the new cluster's istiod lists the three others.
    for (const m of ['na', 'eu', 'sea']) {
      await expect
        .poll(() => istiodSyncedClusters(m), { timeout: 60_000 })
        .toContain(cluster);
    }
    await expect
      .poll(() => istiodSyncedClusters(cluster), { timeout: 60_000 })
      .toEqual(['eu', 'na', 'sa', 'sea']);

    // Ready in Karmada, and on the inventory page.
    // Signed in before navigating on: a navigation racing the guest
    // sign-in lands back on the sign-in page.
    await signInAsGuest(page);
    await page.goto('/multicluster?region=sa');
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: /^sa\s*Karmada / })
        .getByText('Ready', { exact: true }),
    ).toBeVisible({ timeout: 60_000 });

    const service = `sa-${run}`;
    const placed = await runTemplate(
      request,
      token,
      'new-multi-region-service',
      serviceValues(service, {
        replicas: 1,
        regions: ['sa'],
        strategy: 'duplicated',
      }),
    );
    expect(placed.status, placed.log).toBe('completed');
    await expect
      .poll(() => bindingReplicas(service, `${service}-deployment`), {
        timeout: 60_000,
      })
      .toEqual({ sa: 1 });
  } finally {
    // The testbed outlives this run: take the fourth member away again,
    // first out of Karmada (which cleans up in the member), then the member;
    // each step on its own, so one failing does not skip the next.
    cleanup(() =>
      karmada(
        'delete',
        'cluster',
        cluster,
        '--ignore-not-found',
        '--timeout=120s',
      ),
    );
    cleanup(() => testbed('member', 'remove', cluster));
    for (const m of ['na', 'eu', 'sea']) {
      cleanup(() =>
        member(
          m,
          'delete',
          'secret',
          '-n',
          'istio-system',
          `istio-remote-secret-${cluster}`,
          '--ignore-not-found',
        ),
      );
    }
  }
});

// The services made here stay in the testbed otherwise, and a later
// registration of `sa` would pick up every earlier run's `sa-*` service.
test.afterAll(() => {
  for (const name of [weighted, duplicated, `sa-${run}`]) {
    cleanup(() =>
      karmada(
        'delete',
        'namespace',
        name,
        '--ignore-not-found',
        '--wait=false',
      ),
    );
  }
});
