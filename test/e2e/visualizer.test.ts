import { mkdirSync } from 'node:fs';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchBrowser } from './support/browser';

const SHOTS = 'test-results';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function open(width: number, height: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(inject('baseUrl'));
  await page.getByRole('region', { name: 'Cluster diagram' }).waitFor();
  return { page, errors };
}

async function runKubectl(page: Page, command: string) {
  const input = page.getByRole('textbox', { name: 'kubectl command' });
  await input.fill(command);
  await input.press('Enter');
}

describe('the visualizer', () => {
  it('animates kubectl run from kubectl through kube-apiserver to etcd and logs the hops', async () => {
    const { page, errors } = await open(1280, 720);
    await expect(
      page.getByRole('group', { name: 'control-plane node control-plane-1, Ready' }).count(),
    ).resolves.toBe(1);
    for (const w of ['worker-1', 'worker-2', 'worker-3'])
      await expect(
        page.getByRole('group', { name: `worker node ${w}, Ready` }).count(),
      ).resolves.toBe(1);

    // once the add-ons have started and without leases and heartbeats, the request's own hops
    // stay among the log's newest rows
    await page.waitForFunction(
      () => parseFloat(document.querySelector('.clock-value')?.textContent ?? '0') >= 6,
      undefined,
      { timeout: 20_000 },
    );
    await page.getByRole('checkbox', { name: 'Background traffic' }).uncheck();
    await runKubectl(page, 'run nginx --image=nginx');
    // a token is drawn while the request is in flight
    await page.locator('.token-layer .token').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}/visualizer-1280x720.png` });

    // the output shows when the reply lands; pause there so the story stays in the log
    const terminal = page.getByRole('list', { name: 'Terminal output' });
    await terminal.getByText('pod/nginx created').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    const log = page.getByRole('list', { name: 'Hops, newest last' });
    // the log's filters find the request among the cluster's other traffic
    const filters = page.getByRole('group', { name: 'Filter hops' });
    await filters.getByRole('combobox', { name: 'Component' }).selectOption('kubectl');
    await expect(
      log
        .getByRole('button', { name: /^kubectl to kube-apiserver@control-plane-1: POST / })
        .count(),
    ).resolves.toBe(1);
    await filters.getByRole('combobox', { name: 'Component' }).selectOption('etcd@control-plane-1');
    await filters.getByRole('searchbox', { name: 'Resource' }).fill('pods/default/nginx');
    await expect(
      log
        .getByRole('button', {
          name: /^kube-apiserver@control-plane-1 to etcd@control-plane-1: Txn \/registry\/pods\/default\/nginx/,
        })
        .count(),
    ).resolves.toBeGreaterThan(0);

    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await filters.getByRole('combobox', { name: 'Component' }).selectOption('kubectl');
    await log
      .getByRole('button', { name: /^kube-apiserver@control-plane-1 to kubectl: 201/ })
      .click();
    await expect(page.getByLabel('Pipeline stages').textContent()).resolves.toContain('storage ✓');
    await page.screenshot({ path: `${SHOTS}/visualizer-1280x720-details.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('plays and pauses with the space bar and steps with the right arrow', async () => {
    const { page, errors } = await open(1280, 720);
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.locator('body').press('Space');
    await page.getByRole('button', { name: 'Play' }).waitFor();
    const clock = page.getByRole('status', { name: 'Virtual time' });
    const before = await clock.textContent();
    await page.locator('body').press('ArrowRight');
    await page.waitForFunction(
      (t) => document.querySelector('.clock-value')?.textContent !== t,
      before,
      { timeout: 10_000 },
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the diagram and the narration on a phone, with playback and terminal behind a toggle', async () => {
    const { page, errors } = await open(390, 844);
    const diagram = page.getByRole('region', { name: 'Cluster diagram' });
    const narration = page.getByRole('heading', { name: 'Create a pod and watch what happens' });
    await narration.waitFor();
    await page.screenshot({ path: `${SHOTS}/visualizer-390x844.png` });
    // nothing scrolls sideways; the diagram keeps half the screen, the narration starts in view
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBe(390);
    const pane = (await diagram.boundingBox())!;
    expect(pane.width).toBe(390);
    expect(pane.height).toBeGreaterThan(844 * 0.45);
    expect((await narration.boundingBox())!.y).toBeLessThan(844);
    await expect(page.getByRole('textbox', { name: 'kubectl command' }).isVisible()).resolves.toBe(
      false,
    );

    const toggle = page.getByRole('button', { name: 'Playback and terminal' });
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await toggle.click();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await runKubectl(page, 'get nodes');
    await page
      .getByRole('list', { name: 'Terminal output' })
      .getByText(/worker-3\s+Ready/)
      .waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${SHOTS}/visualizer-390x844-terminal.png`, fullPage: true });
    const terminal = (await page.getByRole('region', { name: 'kubectl terminal' }).boundingBox())!;
    expect(terminal.y).toBeGreaterThan(pane.y + pane.height - 1);
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBe(390);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the HA topology with a load balancer and one etcd leader', async () => {
    const { page, errors } = await open(1280, 720);
    await page.getByRole('combobox', { name: 'Cluster' }).selectOption('ha');
    await page.getByRole('button', { name: /^load balancer/ }).waitFor();
    await expect(
      page.getByRole('button', { name: /^etcd on control-plane-\d, leader/ }).count(),
    ).resolves.toBe(1);
    await expect(
      page.getByRole('button', { name: /^etcd on control-plane-\d, follower/ }).count(),
    ).resolves.toBe(2);
    // every component name renders at 14 px or more, and the control planes, kubectl and the
    // load balancer are in view
    await page.waitForTimeout(1000);
    const sizes = await page.evaluate(`(() => {
      const viewport = document.querySelector('.react-flow__viewport');
      const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
      return [...document.querySelectorAll('.component-name')].map(
        (e) => parseFloat(getComputedStyle(e).fontSize) * zoom,
      );
    })()`);
    expect((sizes as number[]).length).toBeGreaterThan(3 * 7 + 3 * 3 - 1);
    expect(Math.min(...(sizes as number[]))).toBeGreaterThanOrEqual(14);
    const diagram = page.getByRole('region', { name: 'Cluster diagram' });
    const pane = (await diagram.boundingBox())!;
    const active = [
      ...['control-plane-1', 'control-plane-2', 'control-plane-3'].map((n) =>
        diagram.getByRole('group', { name: `control-plane node ${n}, Ready`, exact: true }),
      ),
      diagram.getByRole('button', { name: /^load balancer/ }),
      diagram.getByRole('button', { name: /^kubectl/ }),
    ];
    for (const part of active) {
      const box = (await part.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(pane.x);
      expect(box.y).toBeGreaterThanOrEqual(pane.y);
      expect(box.x + box.width).toBeLessThanOrEqual(pane.x + pane.width);
      expect(box.y + box.height).toBeLessThanOrEqual(pane.y + pane.height);
    }
    await page.screenshot({ path: `${SHOTS}/visualizer-ha-1280x720.png` });
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${SHOTS}/visualizer-ha-dark-1280x720.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
