import { expect, test } from '@playwright/test';
import { shoot, signInAsGuest } from './support/app';
import {
  clusterRegions,
  karmadaJson,
  regionTitles,
  withTestbed,
} from './support/testbed';

test('the cluster inventory lists the members by region with their readiness', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.getByRole('link', { name: 'Clusters' }).click();
  await expect(page).toHaveURL(/\/multicluster$/);
  await expect(
    page.getByRole('heading', { name: 'Member clusters' }),
  ).toBeVisible();
  if (!withTestbed) {
    await expect(page.getByText('No member clusters')).toBeVisible();
    return;
  }

  // What Karmada says, read straight from its API server.
  const clusters = karmadaJson<{
    items: Array<{
      metadata: { name: string };
      status?: { conditions?: Array<{ type: string; status: string }> };
    }>;
  }>('get', 'clusters').items;
  const ready = clusters.filter(c =>
    c.status?.conditions?.some(k => k.type === 'Ready' && k.status === 'True'),
  );
  expect(ready.map(c => c.metadata.name).sort()).toEqual(['eu', 'na', 'sea']);

  const regionOf = clusterRegions();
  const titles = regionTitles();
  for (const cluster of ready) {
    const name = cluster.metadata.name;
    // The region's card title (the filter's <option> carries it too).
    await expect(
      page.locator('.MuiCardHeader-title', { hasText: titles[regionOf[name]] }),
    ).toBeVisible();
    // The row starts with the cluster name, then its Karmada instance.
    const row = page
      .getByRole('row')
      .filter({ hasText: new RegExp(`^${name}\\s*Karmada `) });
    await expect(row.getByText('Ready', { exact: true })).toBeVisible();
  }
  await expect(
    page.getByText(`${clusters.length} clusters in`, { exact: false }),
  ).toBeVisible();
  await expect(page.getByText(/· 0 not ready/)).toBeVisible();

  // Filter: only the not-ready ones → none.
  await page.getByLabel('Readiness').selectOption({ label: 'Not ready' });
  await expect(page).toHaveURL(/readiness=notReady/);
  await expect(page.getByText('No cluster matches the filter')).toBeVisible();
  await page.getByRole('button', { name: 'Show all clusters' }).click();

  await shoot(page, 'inventory.png', 1100);
});
