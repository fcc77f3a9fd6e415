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

async function open(
  query: string,
  width: number,
  height: number,
  media: { colorScheme?: 'light' | 'dark'; reducedMotion?: 'reduce' | 'no-preference' } = {},
) {
  const page = await browser.newPage({ viewport: { width, height }, ...media });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${inject('baseUrl')}?${query}`);
  await page.locator('.machine').first().waitFor();
  return { page, errors };
}

/** Whether an element lies wholly inside the viewport. */
function inView(page: Page, selector: string) {
  return page.evaluate((s) => {
    const r = document.querySelector(s)?.getBoundingClientRect();
    return (
      !!r &&
      r.width > 0 &&
      r.left >= 0 &&
      r.top >= 0 &&
      r.right <= innerWidth &&
      r.bottom <= innerHeight
    );
  }, selector);
}

describe('embed and presenter modes', () => {
  it('fills a 480×270 iframe with the diagram and its control bar, without scrolling', async () => {
    const { page, errors } = await open('embed=1&scenario=create-pod', 480, 270);
    await expect(inView(page, '.stage-diagram')).resolves.toBe(true);
    await expect(inView(page, '.stage-controls')).resolves.toBe(true);
    for (const name of ['Previous step', 'Next step'])
      await expect(page.getByRole('button', { name }).isVisible()).resolves.toBe(true);
    await expect(
      page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.scrollHeight,
      ]),
    ).resolves.toEqual([480, 270]);
    await page.screenshot({ path: 'test-results/embed-480x270.png' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('steps with the navigation keys and lets go of focus on Escape', async () => {
    const { page, errors } = await open('embed=1&scenario=create-pod', 800, 450);
    const counter = page.getByLabel('Step counter');
    await expect(counter.textContent()).resolves.toBe('Step 1 of 13');
    await page.getByRole('button', { name: 'Next step' }).focus();
    await page.keyboard.press('PageDown');
    await expect.poll(() => counter.textContent(), { timeout: 30_000 }).toBe('Step 2 of 13');
    await page.keyboard.press('Escape');
    await expect(page.evaluate(() => document.activeElement === document.body)).resolves.toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the narration as a caption in presenter mode, and B blanks the screen and back', async () => {
    const { page, errors } = await open('present=1&scenario=create-pod', 1280, 720);
    await expect(page.locator('.stage-caption').textContent()).resolves.toMatch(
      /^kubectl sends the Pod to the API server kubectl turns the manifest into JSON/,
    );
    await page.keyboard.press('b');
    const blank = page.getByLabel('The screen is blanked: press B or click to show it again');
    await blank.waitFor();
    await page.keyboard.press('b');
    await blank.waitFor({ state: 'detached' });
    await page.screenshot({ path: 'test-results/presenter-1280x720.png' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    ['narration=0', 0],
    ['narration=1', 1],
    ['no narration parameter', 1],
  ])('with %s shows %i narration captions', async (query, captions) => {
    const { page, errors } = await open(`embed=1&scenario=create-pod&${query}`, 800, 450);
    await expect(page.locator('.stage-caption').count()).resolves.toBe(captions);
    if (captions)
      await expect(page.locator('.stage-caption').textContent()).resolves.toMatch(
        /^kubectl sends the Pod to the API server kubectl turns the manifest into JSON/,
      );
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    ['dark', 'light', 'rgb(13, 17, 23)'],
    ['light', 'dark', 'rgb(255, 255, 255)'],
  ] as const)(
    'theme=%s wins over a system asking for %s',
    async (theme, colorScheme, background) => {
      const { page, errors } = await open(`embed=1&scenario=create-pod&theme=${theme}`, 800, 450, {
        colorScheme,
      });
      await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe(
        theme,
      );
      await expect(
        page.evaluate(() => getComputedStyle(document.body).backgroundColor),
      ).resolves.toBe(background);
      await expect(page.locator('.react-flow').getAttribute('class')).resolves.toContain(theme);
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it.each([
    ['motion=reduce', 'highlights sender, edge and receiver', 'highlight'],
    ['no motion parameter', 'moves tokens along the edges', 'moving'],
  ] as const)('with %s, a hop in flight %s', async (query, _what, drawn) => {
    // the system itself asks for full motion: the parameter alone decides
    const { page, errors } = await open(`embed=1&scenario=create-pod&${query}`, 1280, 720, {
      reducedMotion: 'no-preference',
    });
    const tokens = page.locator('.token-layer .token');
    await tokens.first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    const counts = await page.evaluate(() => ({
      dots: document.querySelectorAll('.token-layer .token-dot').length,
      highlights: document.querySelectorAll(
        '.token-layer .highlight-box, .token-layer .highlight-path',
      ).length,
      pulses: document.querySelectorAll('.token-layer .pulse').length,
    }));
    if (drawn === 'highlight') {
      expect(counts.dots).toBe(0);
      expect(counts.pulses).toBe(0);
      expect(counts.highlights).toBeGreaterThan(0);
    } else {
      expect(counts.highlights).toBe(0);
      expect(counts.dots).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    [800, 450],
    [480, 270],
  ])(
    'asks a question (questions=1) in a card the keyboard reaches, the diagram kept whole, at %i×%i',
    async (width, height) => {
      const { page, errors } = await open(
        'embed=1&scenario=control-plane-failures&questions=1',
        width,
        height,
      );
      const prompt = 'The API server is about to die. What happens to the running web pods?';
      const choices = page.getByRole('group', { name: prompt });
      await choices.waitFor({ timeout: 30_000 });
      await expect(choices.getByRole('button').allTextContents()).resolves.toEqual([
        '1 They keep running',
        '2 They stop',
        '3 They restart once it is back',
        '4 They move to another node',
      ]);
      // no side panel: the diagram fills the frame, the card stays inside it
      await expect(page.locator('.narration').count()).resolves.toBe(0);
      await expect(
        page.locator('.stage-diagram').evaluate((d) => [d.clientWidth, d.clientHeight]),
      ).resolves.toEqual([width, height]);
      await expect(inView(page, '.stage-caption')).resolves.toBe(true);
      await expect(inView(page, '.stage-controls')).resolves.toBe(true);
      await page.screenshot({ path: `test-results/embed-question-${width}x${height}.png` });

      // Tab from the start of the page reaches the first choice; Enter answers
      await page.locator('body').focus();
      let focused = '';
      for (let i = 0; i < 60 && focused !== 'They keep running'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(
          () => document.activeElement?.textContent?.replace(/^\d /, '') ?? '',
        );
      }
      expect(focused).toBe('They keep running');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.locator('.question-verdict').textContent(), { timeout: 30_000 })
        .toMatch(/^Your prediction held\. Containers run under the kubelet/);
      await expect(page.locator('.stage-caption').textContent()).resolves.toMatch(
        /^kube-apiserver dies With the only API server down/,
      );
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it('asks the walkthrough’s question in presenter mode, answered with a number key', async () => {
    const { page, errors } = await open('present=1&scenario=control-plane-failures', 1280, 720);
    const prompt = 'The API server is about to die. What happens to the running web pods?';
    await page.getByRole('group', { name: prompt }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('2');
    await expect
      .poll(() => page.locator('.question-verdict').textContent(), { timeout: 30_000 })
      .toMatch(/^Not this time\. It was “They keep running”\./);
    await page.screenshot({ path: 'test-results/presenter-question-1280x720.png' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs the walkthrough without asking in presenter mode with questions=0', async () => {
    const { page, errors } = await open(
      'present=1&scenario=control-plane-failures&questions=0',
      1280,
      720,
    );
    await page
      .locator('.stage-caption')
      .filter({ hasText: /^kube-apiserver dies With the only API server down/ })
      .waitFor({ timeout: 30_000 });
    await expect(page.locator('.question').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
