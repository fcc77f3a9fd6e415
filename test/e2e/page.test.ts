import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchBrowser } from './support/browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the built site', () => {
  it('loads from a relative base without console errors or outside requests', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    const outside: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('request', (r) => {
      if (!r.url().startsWith(inject('baseUrl'))) outside.push(r.url());
    });
    await page.goto(inject('baseUrl'));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'k8s-anatomy',
    );
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });
});
