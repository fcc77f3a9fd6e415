import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { createPod } from '../../src/scenarios';
import { launchBrowser } from './support/browser';
import { reachStep } from './support/walkthrough';

// issue 8: zero violations of WCAG 2.0 and 2.1, levels A and AA
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// axe is slow on a busy page and a loaded 2-core machine
const AXE_TIMEOUT_MS = 240_000;

/**
 * Violations known today in files this suite does not own, by `rule: selector`, each with the
 * file that must change. Remove an entry when it is fixed; nothing else is tolerated.
 */
const KNOWN: Record<string, string> = {};

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Setup {
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
  viewport?: { width: number; height: number };
}

/** The page as a visitor first sees it (at `query`), with the given media features emulated. */
async function openPage(setup: Setup = {}, query = ''): Promise<Page> {
  // axe needs a page of an explicit context
  const context = await browser.newContext({
    viewport: setup.viewport ?? { width: 1280, height: 720 },
    colorScheme: setup.colorScheme ?? 'light',
    reducedMotion: setup.reducedMotion ?? 'no-preference',
  });
  const page = await context.newPage();
  await page.goto(`${inject('baseUrl')}${query}`);
  await page.locator('.machine').first().waitFor({ timeout: 30_000 });
  return page;
}

/**
 * Every axe violation not in KNOWN as `rule: selector (summary)` lines. Playback is paused
 * first so the page holds still while axe reads it.
 */
async function violations(page: Page): Promise<string[]> {
  const pause = page.getByRole('button', { name: 'Pause' });
  if (await pause.count()) await pause.click();
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = result.violations.flatMap((v) =>
    v.nodes.map((n) => ({ key: `${v.id}: ${n.target.join(' ')}`, v, n })),
  );
  return found
    .filter(({ key }) => !(key in KNOWN))
    .map(({ key, v, n }) => `${key} (${n.failureSummary?.split('\n')[1]?.trim() ?? v.help})`);
}

describe('accessibility (axe, WCAG 2.0/2.1 A and AA)', () => {
  const pages: [string, Setup][] = [
    ['the main page in the light theme', { colorScheme: 'light' }],
    ['the main page in the dark theme', { colorScheme: 'dark' }],
    ['the main page with reduced motion', { reducedMotion: 'reduce' }],
    ['the main page on a phone', { viewport: { width: 390, height: 844 } }],
  ];
  it.each(pages)('finds no violations on %s', { timeout: AXE_TIMEOUT_MS }, async (_name, setup) => {
    const page = await openPage(setup);
    try {
      expect(await violations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it.each([['light'], ['dark']] as const)(
    'finds no violations with the walkthrough mid-way, at the scheduling step, in the %s theme',
    { timeout: AXE_TIMEOUT_MS },
    async (colorScheme) => {
      const page = await openPage({ colorScheme, reducedMotion: 'reduce' });
      try {
        const middle = createPod.steps.findIndex((s) => s.id === 'schedule');
        await page.locator('body').press('n');
        for (let i = 1; i <= middle; i++) {
          await reachStep(page, i);
          await page.locator('body').press('n');
        }
        await reachStep(page, middle + 1);
        await expect(page.locator('.step-count').textContent()).resolves.toContain(
          `step ${middle + 1} of`,
        );
        expect(await violations(page)).toEqual([]);
      } finally {
        await page.context().close();
      }
    },
  );

  // each state in the light theme, and in the dark theme with reduced motion emulated
  const looks: [string, Setup][] = [
    ['light', { colorScheme: 'light', reducedMotion: 'no-preference' }],
    ['dark, reduced motion', { colorScheme: 'dark', reducedMotion: 'reduce' }],
  ];
  const states: [string, string, (page: Page) => Promise<void>][] = [
    [
      'the embedded view',
      '?embed=1&scenario=create-pod',
      async (page) => {
        await page.getByRole('toolbar', { name: 'Walkthrough controls' }).waitFor();
        await page.locator('.stage-caption').waitFor();
      },
    ],
    [
      'the embedded view asking a question',
      '?embed=1&scenario=control-plane-failures&questions=1',
      async (page) => {
        await page.locator('.stage-caption .question-choices button').first().waitFor({
          timeout: 45_000,
        });
      },
    ],
    [
      'the inspector open on a node',
      '',
      async (page) => {
        await page.getByRole('button', { name: 'Inspect node worker-1' }).press('Enter');
        await page.locator('.inspector').waitFor();
      },
    ],
    [
      'the inspector open on a pod',
      '',
      async (page) => {
        await page
          .getByRole('button', { name: /^pod kube-system\/coredns-/ })
          .first()
          .press('Enter');
        await page.locator('.inspector').waitFor();
      },
    ],
    [
      'a walkthrough asking its question',
      '',
      async (page) => {
        await page.locator('.scenario-picker summary').press('Enter');
        await page
          .getByRole('button', { name: /^What breaks when each control-plane component/ })
          .press('Enter');
        await page.locator('.narration .question-choices button').first().waitFor({
          timeout: 45_000,
        });
      },
    ],
  ];
  it.each(
    states.flatMap(([name, query, reach]) =>
      looks.map(([look, setup]) => [name, look, query, reach, setup] as const),
    ),
  )(
    'finds no violations on %s (%s)',
    { timeout: AXE_TIMEOUT_MS },
    async (_name, _look, query, reach, setup) => {
      const page = await openPage(setup, query);
      try {
        await reach(page);
        expect(await violations(page)).toEqual([]);
      } finally {
        await page.context().close();
      }
    },
  );
});
