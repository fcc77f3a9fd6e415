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
    const log = page.getByRole('list', { name: 'Hops, newest first' });
    await expect(
      log
        .getByRole('button', { name: /^kubectl to kube-apiserver@control-plane-1: POST / })
        .count(),
    ).resolves.toBe(1);
    await expect(
      log
        .getByRole('button', {
          name: /^kube-apiserver@control-plane-1 to etcd@control-plane-1: Txn \/registry\/pods\/default\/nginx/,
        })
        .count(),
    ).resolves.toBeGreaterThan(0);

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

  it('stacks diagram, controls, terminal and panel on a phone', async () => {
    const { page, errors } = await open(390, 844);
    await runKubectl(page, 'get nodes');
    await page
      .getByRole('list', { name: 'Terminal output' })
      .getByText(/worker-3\s+Ready/)
      .waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${SHOTS}/visualizer-390x844.png`, fullPage: true });
    const diagram = await page.getByRole('region', { name: 'Cluster diagram' }).boundingBox();
    const terminal = await page.getByRole('region', { name: 'kubectl terminal' }).boundingBox();
    expect(diagram!.width).toBeLessThanOrEqual(390);
    expect(terminal!.y).toBeGreaterThan(diagram!.y + diagram!.height - 1);
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
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${SHOTS}/visualizer-ha-dark-1280x720.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
