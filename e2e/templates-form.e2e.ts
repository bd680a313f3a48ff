import { expect, test } from '@playwright/test';
import { shoot, signInAsGuest } from './support/app';
import { bindingReplicas, withTestbed } from './support/testbed';

test.skip(!withTestbed, 'needs the testbed');
test.setTimeout(300_000);

test('a multi-region service through the browser form, regions from the RegionPicker', async ({
  page,
}) => {
  const name = `web-${Date.now().toString(36).slice(-5)}`;
  await signInAsGuest(page);
  await page.goto('/create');
  await expect(
    page.getByRole('heading', { name: 'New multi-region service' }),
  ).toBeVisible();
  await page.goto('/create/templates/default/new-multi-region-service');

  // Service
  await page.getByLabel('Name', { exact: false }).first().fill(name);
  await page.getByLabel('Owner', { exact: false }).first().click();
  await page
    .getByRole('option', { name: /platform-team/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  // Container: the defaults
  await expect(page.getByLabel('Container image')).toHaveValue('nginx:1.27');
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  // Placement: two regions from the live inventory
  const regions = page.getByLabel('Regions', { exact: false }).first();
  await regions.click();
  await page.getByRole('option', { name: /\(na\)/ }).click();
  await regions.click();
  await page.getByRole('option', { name: /\(eu\)/ }).click();
  await page.keyboard.press('Escape');
  await shoot(page, 'region-picker.png', 1100);
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  // Source: the demo's local repository (default)
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  await expect(page.getByRole('link', { name: 'Regions tab' })).toBeVisible({
    timeout: 180_000,
  });
  // Divided evenly: 4 replicas over na and eu.
  await expect
    .poll(() => bindingReplicas(name, `${name}-deployment`), {
      timeout: 60_000,
    })
    .toEqual({ na: 2, eu: 2 });

  // The catalog processes the new location in the background: the link
  // works once the entity is there.
  await page.getByRole('link', { name: 'Regions tab' }).click();
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByRole('table', { name: 'Clusters in Europe' }),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
});
