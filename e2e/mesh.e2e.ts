import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { screenshots, signInAsGuest } from './support/app';
import {
  karmada,
  memberJson,
  regionTitles,
  withTestbed,
} from './support/testbed';

const REGIONS_URL = '/catalog/default/component/hello/regions';
const MEMBERS = ['na', 'eu', 'sea'];

test('the mesh panel shows each istiod’s discovery, the endpoints it sees and traffic between regions', async ({
  page,
}) => {
  test.skip(!withTestbed, 'needs the testbed’s istiods and Prometheus');
  test.setTimeout(180_000);
  await signInAsGuest(page);
  await page.goto(REGIONS_URL);

  const panel = page.getByRole('region', { name: 'Mesh' });
  await expect(panel.getByRole('heading', { name: 'Mesh' })).toBeVisible({
    timeout: 30_000,
  });

  // The demo's 6 pods, 4/1/1 over the regions, as every istiod sees them;
  // the count is read here from each member's own Deployment.
  const pods = MEMBERS.map(
    m =>
      memberJson<{ status: { readyReplicas?: number } }>(
        m,
        'get',
        'deployment',
        '-n',
        'default',
        'hello',
      ).status.readyReplicas ?? 0,
  ).reduce((a, b) => a + b, 0);
  const titles = regionTitles();
  const discovery = panel.getByRole('table', {
    name: 'Mesh discovery per cluster',
  });
  for (const m of MEMBERS) {
    const row = discovery.getByRole('row').filter({
      has: page.getByRole('rowheader', { name: new RegExp(`^${m}\\b`) }),
    });
    await expect(row.getByText('sees 3/3 clusters')).toBeVisible({
      timeout: 60_000,
    });
    await expect(
      row.getByText(`endpoints seen from ${m}: ${pods}`),
    ).toBeVisible({ timeout: 60_000 });
  }

  // Simulated requests (Prometheus is real): each region calls its own.
  const matrix = panel.getByRole('table', { name: /Traffic between clusters/ });
  await expect(matrix).toBeVisible({ timeout: 90_000 });
  for (const m of MEMBERS) {
    const row = matrix.getByRole('row').filter({
      has: page.getByRole('rowheader', {
        name: `${m} (${titles[m] ?? m})`,
      }),
    });
    await expect(row).toContainText(/\d+\.\d req\/s · 0\.0% err · p95 \d+ ms/);
  }
  await expect(panel.getByRole('alert')).toHaveCount(0);

  mkdirSync(screenshots, { recursive: true });
  // A common laptop width: the discovery table needs about 1300 px.
  await page.setViewportSize({ width: 1600, height: 1400 });
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: resolve(screenshots, 'mesh-panel.png') });
});

test('the mesh panel warns when failover is configured without outlierDetection', async ({
  page,
}) => {
  test.skip(!withTestbed, 'needs the testbed’s mesh');
  test.setTimeout(120_000);
  await signInAsGuest(page);
  await page.goto(REGIONS_URL);
  const panel = page.getByRole('region', { name: 'Mesh' });
  await expect(panel.getByText('sees 3/3 clusters').first()).toBeVisible({
    timeout: 30_000,
  });

  // Through Karmada, as a team would change it: every primary gets it.
  karmada(
    'patch',
    'destinationrule',
    'hello',
    '-n',
    'default',
    '--type',
    'json',
    '-p',
    '[{"op":"remove","path":"/spec/trafficPolicy/outlierDetection"}]',
  );
  try {
    const warning = panel
      .getByRole('alert')
      .filter({ hasText: 'DestinationRule default/hello' });
    // The tab refreshes by itself.
    await expect(warning).toContainText(
      'no trafficPolicy.outlierDetection, so Envoy never fails over',
      { timeout: 60_000 },
    );
    await expect(
      panel.getByText('outlier detection: no').first(),
    ).toBeVisible();
    await page.setViewportSize({ width: 1600, height: 1400 });
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({
      path: resolve(screenshots, 'mesh-panel-warning.png'),
    });
  } finally {
    karmada(
      'apply',
      '-f',
      resolve(__dirname, '../examples/workloads/hello.yaml'),
    );
  }
  await expect(
    panel
      .getByRole('alert')
      .filter({ hasText: 'DestinationRule default/hello' }),
  ).toHaveCount(0, { timeout: 60_000 });
});
