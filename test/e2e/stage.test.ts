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

async function open(query: string, width: number, height: number) {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${inject('baseUrl')}?${query}`);
  await page.getByRole('toolbar', { name: 'Walkthrough controls' }).waitFor();
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
});
