import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchBrowser } from './support/browser';
import { reachStep } from './support/walkthrough';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A fresh browser (own storage, own service worker) that may use the clipboard. */
async function freshContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(inject('baseUrl')).origin,
  });
  return context;
}

async function open(context: BrowserContext, url: string) {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.getByRole('region', { name: 'Cluster diagram' }).waitFor();
  return { page, errors };
}

const clock = (page: Page) => page.locator('.clock-value').textContent();
const seconds = async (page: Page) => parseFloat((await clock(page)) ?? '0');

async function runKubectl(page: Page, command: string) {
  const input = page.getByRole('textbox', { name: 'kubectl command' });
  await input.fill(command);
  await input.press('Enter');
}

/** Plays until the view's virtual time reaches `t` seconds, then pauses. */
async function playUntil(page: Page, t: number) {
  if ((await page.getByRole('button', { name: 'Play' }).count()) > 0)
    await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(
    (t) => parseFloat(document.querySelector('.clock-value')?.textContent ?? '0') >= t,
    t,
    { timeout: 60_000 },
  );
  await page.getByRole('button', { name: 'Pause' }).click();
}

/** What the diagram shows: each machine with its state, and each pod chip (and "+N more"
 *  chip) with the machine it is drawn on, sorted. */
function diagramState(page: Page) {
  return page.evaluate(() => {
    const machines = [...document.querySelectorAll<HTMLElement>('.machine')].map((m) => ({
      name: m.querySelector('.machine-name')?.textContent ?? '',
      label: m.getAttribute('aria-label') ?? '',
      rect: m.getBoundingClientRect(),
    }));
    const on = (el: Element) => {
      const r = el.getBoundingClientRect();
      const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
      const m = machines.find(
        (m) => x >= m.rect.left && x <= m.rect.right && y >= m.rect.top && y <= m.rect.bottom,
      );
      return m?.name ?? '(not on a node)';
    };
    const pods = [...document.querySelectorAll('.pod[aria-label], .pod-more[aria-label]')].map(
      (p) => `${on(p)}: ${p.getAttribute('aria-label')}`,
    );
    const components = [...document.querySelectorAll('.component[aria-label]')].map((c) =>
      c.getAttribute('aria-label'),
    );
    return {
      machines: machines.map((m) => m.label).sort(),
      pods: pods.sort(),
      components: components.sort(),
    };
  });
}

/** The walkthrough panel's title, step counter and state, and the components lit, as shown. */
function walkthroughShown(page: Page) {
  return page.evaluate(() => ({
    title: document.querySelector('#narration-title')?.textContent ?? null,
    step: document.querySelector('.step-count')?.textContent ?? null,
    state: document.querySelector('.step-state')?.className ?? null,
    lit: [...document.querySelectorAll('.step-highlight')]
      .map((h) => h.getAttribute('data-highlight'))
      .sort(),
  }));
}

/** Runs `kubectl get pods -o wide`, plays until its output is in, pauses; returns the rows. */
async function getPodsWide(page: Page): Promise<string> {
  const terminal = page.getByRole('list', { name: 'Terminal output' });
  const before = await terminal.locator('li').count();
  await runKubectl(page, 'get pods -o wide');
  await page.getByRole('button', { name: 'Play' }).click();
  const output = terminal
    .locator('li')
    .nth(before)
    .getByText(/^NAME\s+READY/);
  await output.waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  return (await output.textContent()) ?? '';
}

describe('a copied link', () => {
  it('opens in a fresh browser on the same step, the same pods on the same nodes and the same failure', async () => {
    const first = await open(await freshContext(), inject('baseUrl'));
    const page = first.page;
    await page.getByRole('group', { name: 'worker node worker-3, Ready' }).waitFor();
    await page.locator('#speed-select').selectOption('10');

    await runKubectl(page, 'create deployment web --image=nginx --replicas=3');
    const terminal = page.getByRole('list', { name: 'Terminal output' });
    await terminal.getByText('deployment.apps/web created').waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () =>
        document.querySelectorAll('.pod[aria-label^="pod default/web-"][aria-label$=", Running"]')
          .length === 3,
      undefined,
      { timeout: 60_000 },
    );

    // power off a worker from the diagram: choose it, then Break it → Power off
    await page.getByLabel('Inspect node worker-2').click();
    await page.getByRole('button', { name: 'Break it' }).click();
    await page.getByRole('menuitem', { name: 'Power off worker-2' }).click();
    await page.getByRole('group', { name: 'worker node worker-2, powered off' }).waitFor();
    await page.keyboard.press('Escape');
    // past the node monitor's 40 s grace: the node controller has marked it Unknown
    await playUntil(page, (await seconds(page)) + 60);

    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied').waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(page.url());
    expect(link).toMatch(/#s=/);

    const before = {
      clock: await clock(page),
      walkthrough: await walkthroughShown(page),
      diagram: await diagramState(page),
    };
    expect(before.diagram.machines).toContain('worker node worker-2, powered off');
    expect(before.diagram.pods.filter((p) => p.includes('pod default/web-'))).toHaveLength(3);

    const second = await open(await freshContext(), link);
    const copy = second.page;
    await copy.getByRole('group', { name: 'worker node worker-2, powered off' }).waitFor();
    // the page mounts its playback strip after the diagram: wait for it, paused
    await copy.getByRole('button', { name: 'Play' }).waitFor();
    await expect(copy.getByRole('button', { name: 'Play' }).count()).resolves.toBe(1);
    const after = {
      clock: await clock(copy),
      walkthrough: await walkthroughShown(copy),
      diagram: await diagramState(copy),
    };
    expect(after).toEqual(before);

    // kubectl sees the same pods on the same nodes, in both pages, at the same moment
    const there = await getPodsWide(copy);
    const here = await getPodsWide(page);
    expect(there).toMatch(/^web-\S+\s+1\/1\s+Running/m);
    expect(there).toBe(here);

    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
    await page.context().close();
    await copy.context().close();
  });

  it('opened mid-walkthrough, shows the same step with the same components lit', async () => {
    const first = await open(await freshContext(), inject('baseUrl'));
    const page = first.page;
    await page.getByRole('group', { name: 'worker node worker-3, Ready' }).waitFor();
    await page.locator('body').press('n');
    for (let n = 1; n < 4; n++) {
      await reachStep(page, n);
      await page.locator('body').press('n');
    }
    await reachStep(page, 4);

    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied').waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const before = {
      clock: await clock(page),
      walkthrough: await walkthroughShown(page),
      diagram: await diagramState(page),
    };
    expect(before.walkthrough.step).toMatch(/step 4 of \d+/);
    expect(before.walkthrough.lit.length).toBeGreaterThan(0);

    const second = await open(await freshContext(), link);
    const copy = second.page;
    await reachStep(copy, 4);
    const after = {
      clock: await clock(copy),
      walkthrough: await walkthroughShown(copy),
      diagram: await diagramState(copy),
    };
    expect(after).toEqual(before);
    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
    await page.context().close();
    await copy.context().close();
  });
});
