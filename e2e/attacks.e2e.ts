import { APIRequestContext, expect, test } from '@playwright/test';
import { shoot } from './support/app';
import { createTask, runTemplate } from './support/scaffolder';
import { karmada, karmadaJson, testbed, withTestbed } from './support/testbed';

// A service team's developer (dana, group shop: examples/org.yaml) against
// the real backend, scaffolder and testbed Karmada: what the platform team
// may do is refused to her, what her team owns is allowed.

const run = Date.now().toString(36).slice(-5);

test.describe.configure({ mode: 'serial' });
test.skip(!withTestbed, 'needs the testbed');
test.setTimeout(300_000);

async function danaToken(request: APIRequestContext): Promise<string> {
  const response = await request.post('/api/auth/demo/refresh', {
    headers: { 'x-demo-user': 'dana' },
    data: {},
  });
  expect(response.status(), await response.text()).toBe(200);
  const { backstageIdentity } = await response.json();
  expect(backstageIdentity.identity.userEntityRef).toBe('user:default/dana');
  expect(backstageIdentity.identity.ownershipEntityRefs).toEqual(
    expect.arrayContaining(['group:default/shop']),
  );
  expect(backstageIdentity.identity.ownershipEntityRefs).not.toContain(
    'group:default/platform-team',
  );
  return backstageIdentity.token;
}

/** What an attack could have changed in Karmada, by name. */
function karmadaState() {
  const names = (...args: string[]) =>
    karmada('get', ...args, '-o', 'name')
      .trim()
      .split('\n')
      .sort();
  return {
    clusters: names('clusters'),
    namespaces: names('namespaces'),
    clusterRoleBindings: names('clusterrolebindings'),
    propagationPolicies: names('propagationpolicies', '-A'),
    clusterPropagationPolicies: names('clusterpropagationpolicies'),
    deployments: names('deployments', '-A'),
  };
}

const service = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  owner: 'group:default/shop',
  description: `attack ${name}`,
  image: 'nginx:1.27',
  port: 80,
  replicas: 1,
  regions: ['na'],
  strategy: 'duplicated',
  karmada: 'testbed',
  trafficPolicy: 'failover',
  sourceLocation: 'local',
  ...extra,
});

test('the demo provider signs in only the users config names', async ({
  request,
}) => {
  for (const user of ['guest', 'pat', '']) {
    const response = await request.post('/api/auth/demo/refresh', {
      headers: { 'x-demo-user': user },
      data: {},
    });
    expect(response.status(), user).toBe(401);
    expect(await response.text()).not.toContain('token');
  }
});

test('the sign-in page offers guest and dana; dana signs in through the demo provider as herself, and sees the catalog', async ({
  page,
}) => {
  await page.goto('/');
  await expect(
    page.getByRole('button', { name: 'Enter as guest' }),
  ).toBeVisible();
  await shoot(page, 'sign-in.png', 700);
  const refresh = page.waitForResponse(r =>
    r.url().includes('/api/auth/demo/refresh'),
  );
  await page.getByRole('button', { name: 'Enter as dana' }).click();
  const identity = (await (await refresh).json()).backstageIdentity.identity;
  expect(identity.userEntityRef).toBe('user:default/dana');
  await expect(page.getByRole('link', { name: 'hello' })).toBeVisible();
  // The choice is remembered across a reload.
  await page.reload();
  await expect(page.getByRole('link', { name: 'hello' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enter as dana' })).toHaveCount(
    0,
  );
});

test('a developer cannot create or register a cluster: the task fails before anything exists', async ({
  request,
}) => {
  const token = await danaToken(request);
  const before = karmadaState();
  const name = `evil${run}`;
  const result = await runTemplate(request, token, 'new-regional-cluster', {
    name,
    region: 'sa',
    zones: ['sa-1a'],
    owner: 'group:default/shop',
    provider: 'testbed',
    karmada: 'testbed',
    mode: 'Push',
  });
  expect(result.status).toBe('failed');
  expect(result.log).toMatch(/not allowed|NotAllowed/i);
  expect(karmadaState()).toEqual(before);
  expect(() => testbed('member', 'show', name)).toThrow(/no member/);
});

test('a developer cannot write into a namespace the platform team owns, nor give a new one to a group she is not in', async ({
  request,
}) => {
  const token = await danaToken(request);
  // A namespace of the platform team's, as an admin would make it.
  const owned = `plat-${run}`;
  karmada('create', 'namespace', owned);
  karmada(
    'annotate',
    'namespace',
    owned,
    'multicluster.io/owner=group:default/platform-team',
  );
  try {
    const before = karmadaState();
    const intoOwned = await runTemplate(
      request,
      token,
      'new-multi-region-service',
      service(owned),
    );
    expect(intoOwned.status).toBe('failed');
    expect(intoOwned.log).toMatch(
      /not allowed: user:default\/dana may not .*namespace/,
    );

    const asPlatform = await runTemplate(
      request,
      token,
      'new-multi-region-service',
      service(`steal-${run}`, { owner: 'group:default/platform-team' }),
    );
    expect(asPlatform.status).toBe('failed');
    expect(asPlatform.log).toMatch(/not allowed: user:default\/dana may not/);

    expect(karmadaState()).toEqual(before);
    expect(karmada('get', 'all', '-n', owned, '-o', 'name').trim()).toBe('');
  } finally {
    karmada('delete', 'namespace', owned, '--ignore-not-found', '--wait=false');
  }
});

test('hostile form values (a second YAML document in image, a path in name) are refused before a task starts', async ({
  request,
}) => {
  const token = await danaToken(request);
  const before = karmadaState();
  const escalation = [
    'nginx:1.27',
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRoleBinding',
    `metadata: { name: pwn-${run} }`,
    'roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }',
    'subjects: [{ kind: Group, name: shop, apiGroup: rbac.authorization.k8s.io }]',
  ].join('\n');
  const cases: Array<[string, Record<string, unknown>]> = [
    ['image', service(`img-${run}`, { image: escalation })],
    ['name', service('../../etc')],
    ['owner', service(`own-${run}`, { owner: 'group:default/shop\nx: y' })],
  ];
  for (const [field, values] of cases) {
    const created = await createTask(
      request,
      token,
      'new-multi-region-service',
      values,
    );
    expect(created.status, `${field}: ${created.text}`).toBe(400);
    expect(created.text).toContain(field);
  }
  expect(karmadaState()).toEqual(before);
  expect(
    karmada('get', 'clusterrolebinding', `pwn-${run}`, '--ignore-not-found'),
  ).toBe('');
});

test('what her team owns is allowed: a service for group shop lands in a namespace recorded as shop', async ({
  request,
}) => {
  const token = await danaToken(request);
  const name = `shop-own-${run}`;
  try {
    const result = await runTemplate(
      request,
      token,
      'new-multi-region-service',
      service(name),
    );
    expect(result.status, result.log).toBe('completed');
    const namespace = karmadaJson<{
      metadata: { annotations?: Record<string, string> };
    }>('get', 'namespace', name);
    expect(namespace.metadata.annotations?.['multicluster.io/owner']).toBe(
      'group:default/shop',
    );
    expect(
      karmada('get', 'propagationpolicy', '-n', name, '-o', 'name').trim(),
    ).not.toBe('');
  } finally {
    karmada('delete', 'namespace', name, '--ignore-not-found', '--wait=false');
  }
});
