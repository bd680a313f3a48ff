import { expect, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const screenshots = resolve(__dirname, '../../.e2e/screenshots');
export const results = resolve(__dirname, '../../.e2e/results');

export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter as guest' }).click();
  // The catalog is the home page; the example component is listed there.
  await expect(page.getByRole('link', { name: 'hello' })).toBeVisible();
}

export async function shoot(page: Page, name: string, height = 1900) {
  mkdirSync(screenshots, { recursive: true });
  // A tall viewport instead of fullPage: the fixed sidebar stays in place.
  await page.setViewportSize({ width: 1280, height });
  await page.screenshot({ path: resolve(screenshots, name) });
}
