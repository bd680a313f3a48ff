import { defineConfig } from '@playwright/test';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');
const baseURL = 'http://localhost:7007';

// Extra config files (e.g. the testbed's Karmada instance) come from the
// test script through MULTICLUSTER_E2E_CONFIGS, separated by ':'.
const extraConfigs = (process.env.MULTICLUSTER_E2E_CONFIGS ?? '')
  .split(':')
  .filter(Boolean)
  .map(file => `--config ${resolve(file)}`)
  .join(' ');

export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  outputDir: resolve(root, '.e2e/test-results'),
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL,
    launchOptions: {
      // Debian's Chromium: nothing here can download Playwright's own build.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    screenshot: 'only-on-failure',
  },
  webServer: {
    // The backend serves the built app (packages/app/dist) on :7007.
    command: `yarn workspace backend start --config ${root}/app-config.yaml --config ${root}/e2e/app-config.e2e.yaml ${extraConfigs}`,
    url: `${baseURL}/.backstage/health/v1/readiness`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
