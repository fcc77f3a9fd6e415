import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchBrowser } from './support/browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The worker each Running web pod chip is drawn on. */
function runningWebPods(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.machine')].flatMap((m) => {
      const name = m.querySelector('.machine-name')?.textContent ?? '';
      return [
        ...document.querySelectorAll<HTMLElement>(
          '.pod[aria-label^="pod default/web-"][aria-label$=", Running"]',
        ),
      ]
        .filter((p) => {
          const a = p.getBoundingClientRect();
          const b = m.getBoundingClientRect();
          return a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom;
        })
        .map(() => name);
    }),
  );
}

async function kubectl(page: Page, command: string): Promise<string> {
  const terminal = page.getByRole('list', { name: 'Terminal output' });
  const before = await terminal.locator('li.terminal-entry').count();
  const input = page.getByRole('textbox', { name: 'kubectl command' });
  await input.fill(command);
  await input.press('Enter');
  // the output shows once playback reaches the response
  if ((await page.getByRole('button', { name: 'Play' }).count()) > 0)
    await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(
    (n) => {
      const items = document.querySelectorAll('[aria-label="Terminal output"] li.terminal-entry');
      return items.length > n && !items[items.length - 1].textContent?.includes('waiting');
    },
    before,
    { timeout: 60_000 },
  );
  return (await terminal.locator('li.terminal-entry').last().textContent()) ?? '';
}

describe('a node dies, from the diagram', () => {
  it('powers off a worker from its Break it menu, fast-forwards, and the replicas run on the others', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(inject('baseUrl'));
    await page.getByRole('group', { name: 'worker node worker-3, Ready' }).waitFor();
    await page.locator('#speed-select').selectOption('100');

    await kubectl(page, 'create deployment web --image=nginx --replicas=3');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('.pod[aria-label^="pod default/web-"][aria-label$=", Running"]')
          .length === 3,
      undefined,
      { timeout: 60_000 },
    );
    const before = await runningWebPods(page);
    expect(before).toContain('worker-2');

    // click the worker, then Break it → Power off
    await page.getByLabel('Inspect node worker-2').click();
    await page.getByRole('button', { name: 'Break it' }).click();
    await page.getByRole('menuitem', { name: 'Power off worker-2' }).click();
    await page.getByRole('group', { name: 'worker node worker-2, powered off' }).waitFor();
    await page.keyboard.press('Escape');
    await page.screenshot({ path: 'test-results/node-failure-1-powered-off.png' });

    // fast-forward at 100×: grace period (50 s), unreachable taints, 300 s tolerations,
    // replacements scheduled on the surviving workers and started
    if ((await page.getByRole('button', { name: 'Play' }).count()) > 0)
      await page.getByRole('button', { name: 'Play' }).click();
    await page.getByRole('group', { name: 'worker node worker-2, powered off' }).waitFor();
    await expect
      .poll(async () => (await runningWebPods(page)).filter((n) => n !== 'worker-2').length, {
        timeout: 150_000,
        interval: 1_000,
      })
      .toBe(3);
    await page.screenshot({ path: 'test-results/node-failure-2-rescheduled.png' });

    const wide = await kubectl(page, 'get pods -o wide');
    const running = wide
      .split('\n')
      .filter((l) => /^web-\S+\s+1\/1\s+Running\s/.test(l))
      .map((l) => l.trim().split(/\s+/)[6]);
    expect(running).toHaveLength(3);
    expect(running).not.toContain('worker-2');
    await page.screenshot({ path: 'test-results/node-failure-3-kubectl.png' });
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('cuts the link between a worker and the control plane from the menu of its path, drawn dashed with a ✂ mark', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(inject('baseUrl'));
    await page.getByRole('group', { name: 'worker node worker-3, Ready' }).waitFor();
    const name = 'Link kubelet@worker-1 – kube-apiserver@control-plane-1';
    // a click on the path itself (its wide invisible stroke, where the keyboard handle sits)
    const box = (await page.getByRole('button', { name }).boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByRole('heading', { name }).waitFor();
    await page.getByRole('button', { name: 'Break it' }).click();
    await page
      .getByRole('menuitem', { name: 'Cut the network link between worker-1 and control-plane-1' })
      .click();
    // kube-proxy@worker-1 runs over the same cable: both paths are drawn cut
    await page.getByRole('button', { name: `${name} (cut)` }).waitFor();
    await page
      .getByRole('button', {
        name: 'Link kube-proxy@worker-1 – kube-apiserver@control-plane-1 (cut)',
      })
      .waitFor();
    expect(await page.locator('.path.path-cut').count()).toBe(2);
    expect(await page.locator('.path-break text').allTextContents()).toEqual(['✂', '✂']);
    await page.screenshot({ path: 'test-results/link-cut.png' });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
