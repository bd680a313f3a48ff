import { expect, Page, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const screenshots = resolve(__dirname, '../.e2e/screenshots');

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  // The catalog is the home page; the example component is listed there.
  await expect(page.getByRole('link', { name: 'hello' })).toBeVisible();
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
});

test('the example component has a Regions tab that shows the Karmada control planes', async ({
  page,
}) => {
  await signInAsGuest(page);

  await page.getByRole('link', { name: 'hello' }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/hello/);

  await page.getByRole('link', { name: 'Regions', exact: true }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/hello\/regions$/,
  );
  await expect(
    page.getByText('backstage.io/kubernetes-id=hello'),
  ).toBeVisible();

  const expected = process.env.MULTICLUSTER_E2E_EXPECT_INSTANCE;
  if (expected) {
    // With the testbed running: its Karmada is listed and ready.
    await expect(page.getByText('Karmada control planes')).toBeVisible();
    const row = page.getByRole('row', { name: new RegExp(expected) });
    await expect(row.getByText('Ready', { exact: true })).toBeVisible();
  } else {
    await expect(
      page.getByText('No Karmada instance configured'),
    ).toBeVisible();
  }

  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({
    path: resolve(screenshots, 'regions-tab.png'),
    fullPage: true,
  });
});
