// Browser sessions and screenshots for the web app's tests.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { until } from './world';

export const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-results', 'screenshots');

/** A fresh browser session (its own cookies) signed in as `username` on the service at `url`. */
export async function signInAt(
  browser: Browser,
  url: string,
  username: string,
  password: string,
  options: { acceptDownloads?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  expect(new URL(page.url()).pathname).toBe('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${url}/`);
  return { context, page };
}

/** Saves the page at 1280 and 360 px under test-results/screenshots, checking nothing overflows it sideways. */
export async function screenshotBothWidths(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Reloads the case page until its status bar shows `status` (a step the worker finishes after the redirect). */
export async function untilCaseStatus(page: Page, status: string, what: string): Promise<void> {
  await until(
    async () => {
      await page.reload();
      return page.getByTestId('case-status').textContent();
    },
    (shown) => shown === status,
    what,
  );
}
