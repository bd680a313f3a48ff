import { expect, Page, test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { results, shoot, signInAsGuest } from './support/app';
import { guestToken } from './support/scaffolder';
import {
  bindingReplicas,
  clusterRegions,
  karmadaJson,
  regionTitles,
  testbed,
  withTestbed,
} from './support/testbed';

const REGIONS_URL = '/catalog/default/component/hello/regions';

/** The row of `cluster` in the card of its region. */
function clusterRow(page: Page, regionTitle: string, cluster: string) {
  return page
    .getByRole('table', { name: `Clusters in ${regionTitle}` })
    .getByRole('row')
    .filter({
      has: page.getByRole('cell', { name: cluster, exact: true }),
    });
}

test('the health endpoint says only ready to anonymous callers, and per Karmada instance to signed-in ones', async ({
  request,
}) => {
  const anonymous = await request.get('/api/multicluster/health');
  expect(anonymous.headers()['content-type']).toContain('application/json');
  const summary = await anonymous.json();
  expect(Object.keys(summary)).toEqual(['ready']);
  expect(anonymous.status()).toBe(summary.ready ? 200 : 503);

  const response = await request.get('/api/multicluster/health', {
    headers: { Authorization: `Bearer ${await guestToken(request)}` },
  });
  const body = await response.json();
  expect(Array.isArray(body.instances)).toBe(true);
  expect(typeof body.checkedAt).toBe('string');
  expect(response.status()).toBe(body.ready ? 200 : 503);
  if (withTestbed) {
    expect(body.instances).toEqual([
      expect.objectContaining({ name: 'testbed', ready: true }),
    ]);
  }
});

test('the example component has a Regions tab', async ({ page }) => {
  await signInAsGuest(page);

  await page.getByRole('link', { name: 'hello' }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/hello/);

  await page.getByRole('link', { name: 'Regions', exact: true }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/hello\/regions$/,
  );
  await expect(
    page.getByText('backstage.io/kubernetes-id=hello').first(),
  ).toBeVisible();

  if (!withTestbed) {
    await expect(
      page
        .getByText('No Karmada instance configured')
        .or(page.getByText('No workloads found')),
    ).toBeVisible();
    return;
  }

  // Real placement from the testbed's Karmada: 6 replicas weighted 4:1:1.
  await expect(
    page.getByText('Divided by weight: na 4, eu 1, sea 1', { exact: false }),
  ).toBeVisible();

  // The cards show what Karmada's ResourceBinding assigned, read here
  // straight from Karmada's API server.
  const assigned = bindingReplicas('default', 'hello-deployment');
  const regionOf = clusterRegions();
  const titles = regionTitles();
  expect(Object.keys(assigned).length).toBeGreaterThan(1);
  for (const [cluster, replicas] of Object.entries(assigned)) {
    const region = regionOf[cluster];
    const row = clusterRow(page, titles[region] ?? region, cluster);
    // Cells: cluster, assigned, ready, health, applied, cluster status.
    await expect(row.getByRole('cell').nth(1)).toHaveText(String(replicas));
    // The tab refreshes by itself until the member reports ready pods.
    await expect(row.getByRole('cell').nth(2)).toHaveText(String(replicas), {
      timeout: 90_000,
    });
    // The map marker of the region says the same in words.
    await expect(
      page.getByRole('img', { name: new RegExp(`^${titles[region]}: `) }),
    ).toBeVisible();
  }
  const total = Object.values(assigned).reduce((a, b) => a + b, 0);
  await expect(page.getByText(`Pods (${total})`, { exact: true })).toBeVisible({
    timeout: 90_000,
  });
  await expect(
    page.getByRole('row', { name: /testbed/ }).getByText('Ready', {
      exact: true,
    }),
  ).toBeVisible();

  await shoot(page, 'regions-tab.png', 2300);
});

test('time from navigation to region data on the Regions tab', async ({
  page,
}) => {
  test.skip(!withTestbed, 'needs the testbed');
  await signInAsGuest(page);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'hello' })).toBeVisible();
    const started = Date.now();
    // In-app navigation, as a user clicking through: the app is loaded,
    // the tab has to fetch and draw its data.
    await page.getByRole('link', { name: 'hello' }).click();
    await page.getByRole('link', { name: 'Regions', exact: true }).click();
    await expect(
      page.getByRole('table', { name: /^Clusters in / }).first(),
    ).toBeVisible();
    samples.push(Date.now() - started);
  }
  expect(samples).toHaveLength(5);
  mkdirSync(results, { recursive: true });
  writeFileSync(
    resolve(results, 'regions-tab-timing.json'),
    JSON.stringify(
      { measuredAt: new Date().toISOString(), url: REGIONS_URL, samples },
      null,
      2,
    ),
  );
});

test('a member outage shows as that cluster’s error while the other regions stay', async ({
  page,
}) => {
  test.skip(!withTestbed, 'needs the testbed');
  const assigned = bindingReplicas('default', 'hello-deployment');
  const regionOf = clusterRegions();
  const titles = regionTitles();
  // Stop a member that runs part of the workload, not the only one.
  const victim = Object.keys(assigned).find(c => c !== 'na') ?? 'eu';
  const others = Object.keys(assigned).filter(c => c !== victim);

  await signInAsGuest(page);
  await page.goto(REGIONS_URL);
  await expect(
    page.getByRole('table', { name: /^Clusters in / }).first(),
  ).toBeVisible();

  testbed('member', 'stop', victim);
  try {
    // The next refresh (10 s) reads pods from each member: this one fails.
    await expect(
      page
        .getByText(new RegExp(`clusters? with errors: .*\\b${victim}\\b`))
        .first(),
    ).toBeVisible({ timeout: 45_000 });
    for (const cluster of others) {
      const region = regionOf[cluster];
      await expect(
        clusterRow(page, titles[region] ?? region, cluster),
      ).toBeVisible();
    }
    await shoot(page, 'regions-tab-member-down.png', 2300);
  } finally {
    testbed('member', 'start', victim);
  }
  // Leave the testbed as found: the member back and Ready in Karmada.
  await expect
    .poll(
      () =>
        karmadaJson<{
          status?: { conditions?: Array<{ type: string; status: string }> };
        }>('get', 'cluster', victim).status?.conditions?.find(
          c => c.type === 'Ready',
        )?.status,
      { timeout: 90_000 },
    )
    .toBe('True');
});
