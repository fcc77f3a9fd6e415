import { mkdirSync } from 'node:fs';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { createPod } from '../../src/scenarios';
import { launchBrowser } from './support/browser';
import { reachStep } from './support/walkthrough';

const SHOTS = 'test-results';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

/** Waits until the panel shows the live step `index` (0-based) and the engine reached it,
 *  predicting the first choice of its question; returns the prompts answered. */
async function waitForStep(page: Page, index: number): Promise<string[]> {
  const answered = await reachStep(page, index + 1);
  const title = createPod.steps[index].title;
  const escaped = title.split('{node}').map((part) => part.replace(/[.*+?^$(){}|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`^${escaped.join('worker-\\d+')}$`);
  const shown = () => page.locator('#narration-title').textContent({ timeout: 1000 });
  await page
    .waitForFunction(
      ({ source, n }) =>
        new RegExp(source).test(document.querySelector('#narration-title')?.textContent ?? '') &&
        document.querySelector('.step-count')?.textContent?.includes(`step ${n} of`) &&
        document.querySelector('.step-state.is-reached') !== null,
      { source: pattern.source, n: index + 1 },
      { timeout: 45_000 },
    )
    .catch(async (e: unknown) => {
      throw new Error(
        `step ${index + 1} (${title}) not reached; the panel shows ${await shown()}`,
        {
          cause: e,
        },
      );
    });
  return answered;
}

describe('the create-pod walkthrough', () => {
  it('steps through every step with the keyboard and ends with the pod Running', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => ['error', 'warning'].includes(m.type()) && errors.push(m.text()));
    await page.goto(inject('baseUrl'));
    await page
      .getByRole('heading', { name: 'Create a pod and watch what happens' })
      .waitFor({ timeout: 20_000 });
    // the first paint shows the invitation before the page mounts the diagram and the terminal
    await page.locator('.react-flow__viewport .component-name').first().waitFor();
    await page.getByLabel('kubectl command').waitFor();

    // component names are at least 14 px on screen at the default zoom
    const smallest = await page.evaluate(() => {
      const viewport = document.querySelector('.react-flow__viewport')!;
      const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
      const names = [...document.querySelectorAll('.component-name')];
      return Math.min(...names.map((n) => parseFloat(getComputedStyle(n).fontSize) * zoom));
    });
    expect(smallest).toBeGreaterThanOrEqual(14);

    await page.locator('body').press('n');
    const last = createPod.steps.length - 1;
    const middle = createPod.steps.findIndex((s) => s.id === 'schedule');
    const answered: string[] = [];
    for (let i = 0; i <= last; i++) {
      answered.push(...(await waitForStep(page, i)));
      if (i === 0) await page.screenshot({ path: `${SHOTS}/walkthrough-first-step.png` });
      if (i === middle) {
        await expect(
          page.getByRole('table', { name: 'Scheduling decision' }).textContent(),
        ).resolves.toMatch(/control-plane-1✕ TaintToleration/);
        // the prediction (the first choice, a control-plane node) checked against the engine
        await expect(page.locator('.question-verdict').textContent()).resolves.toMatch(
          /^Not this time\. It was “On a worker: the control plane has a taint this pod does not tolerate”\./,
        );
        await page.screenshot({ path: `${SHOTS}/walkthrough-middle-step.png` });
      }
      if (i === last) await page.screenshot({ path: `${SHOTS}/walkthrough-last-step.png` });
      // the step's components are lit on the diagram
      await expect(page.locator('.step-highlight').count()).resolves.toBeGreaterThan(0);
      if (i < last) await page.locator('body').press(i % 2 ? 'PageDown' : 'n');
    }

    expect(answered).toEqual([
      'How does the scheduler find out that there is a new pod to place?',
      'Where will the scheduler put the pod?',
      'Which component gives the pod its IP address?',
    ]);
    await expect(page.getByRole('status').filter({ hasText: 'Done' }).count()).resolves.toBe(1);
    const terminal = page.getByRole('list', { name: 'Terminal output' });
    await expect(terminal.textContent()).resolves.toMatch(/nginx\s+1\/1\s+Running\s+0/);
    await page
      .getByRole('button', { name: 'pod default/nginx, Running' })
      .waitFor({ timeout: 5_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
