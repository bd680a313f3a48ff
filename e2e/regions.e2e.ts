import { expect, Page, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const screenshots = resolve(__dirname, '../.e2e/screenshots');
// Set by scripts/test.sh when the testbed runs and the demo workload
// (examples/workloads/hello.yaml) has been applied to its Karmada.
const withTestbed = process.env.MULTICLUSTER_E2E_TESTBED === '1';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  // The catalog is the home page; the example component is listed there.
  await expect(page.getByRole('link', { name: 'hello' })).toBeVisible();
}

async function shoot(page: Page, name: string) {
  mkdirSync(screenshots, { recursive: true });
  // A tall viewport instead of fullPage: the fixed sidebar stays in place.
  await page.setViewportSize({ width: 1280, height: 1900 });
  await page.screenshot({ path: resolve(screenshots, name) });
}

test('the health endpoint answers JSON per Karmada instance', async ({
  request,
}) => {
  const response = await request.get('/api/multicluster/health');
  expect(response.headers()['content-type']).toContain('application/json');
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

  if (withTestbed) {
    // Real placement from the testbed's Karmada: 6 replicas weighted 4:1:1.
    await expect(
      page.getByText('Divided by weight: na 4, eu 1, sea 1', { exact: false }),
    ).toBeVisible();
    const na = page.getByRole('row', { name: /North America/ });
    // The page refreshes by itself until the members report ready pods.
    await expect(na.getByText('4 / 4')).toBeVisible({ timeout: 90_000 });
    await expect(
      page.getByRole('row', { name: /Southeast Asia/ }).getByText('1 / 1'),
    ).toBeVisible({ timeout: 90_000 });
    await expect(page.getByText(/^Pods \(6\)$/)).toBeVisible({
      timeout: 90_000,
    });
    await expect(
      page
        .getByRole('row', { name: /testbed/ })
        .getByText('Ready', { exact: true }),
    ).toBeVisible();
  } else {
    await expect(
      page
        .getByText('No Karmada instance configured')
        .or(page.getByText('No workloads found')),
    ).toBeVisible();
  }

  await shoot(page, 'regions-tab.png');
});
