import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchBrowser } from './support/browser';
import type { StaticServer } from './static-server';
import { builtSite, serveStatic } from './static-server';

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await serveStatic({ '/course/k8s/': await builtSite() });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the built site', () => {
  it('loads from a sub-path with no failed request, no other origin and no CSP violation', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const failures: string[] = [];
    const problems: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    context.on('requestfailed', (r) => failures.push(`${r.url()} ${r.failure()?.errorText}`));
    context.on('response', (r) => r.status() >= 400 && failures.push(`${r.url()} ${r.status()}`));
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      ),
    );

    await page.goto(`${server.origin}/course/k8s/`);
    await page.getByRole('region', { name: 'Cluster diagram' }).waitFor();
    // the service worker precaches the site: offline after the first visit
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForTimeout(500);

    const csp = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(failures).toEqual([]);
    expect(problems).toEqual([]);
    const foreign = requests.filter(
      (u) => !u.startsWith(`${server.origin}/course/k8s/`) && !/^(data|blob):/.test(u),
    );
    expect(foreign).toEqual([]);
    expect(requests).toContain(`${server.origin}/course/k8s/sw.js`);
    await context.close();
  });

  it('opens offline once it has been visited', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${server.origin}/course/k8s/`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // the worker controls the page once it has claimed it
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 15_000,
    });
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('region', { name: 'Cluster diagram' }).waitFor({ timeout: 15_000 });
    await expect(page.getByRole('heading', { name: 'k8s-anatomy' }).count()).resolves.toBe(1);
    await context.close();
  });
});
