import { mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { createPod } from '../../src/scenarios';
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

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The page with its problems recorded: errors, warnings and Content-Security-Policy
 *  violations (the export must work under the page's strict policy). */
async function open(theme: 'light' | 'dark'): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    colorScheme: theme,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => ['error', 'warning'].includes(m.type()) && problems.push(m.text()));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  await page.goto(inject('baseUrl'));
  await page.getByRole('group', { name: 'worker node worker-3, Ready' }).waitFor();
  return { page, problems };
}

/** Chooses the item `downs` below the first from the Export menu with the keyboard and returns the downloaded file. */
async function exportWithKeys(page: Page, downs: number) {
  await page.getByRole('button', { name: 'Export' }).focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Export the diagram' });
  await menu.waitFor();
  for (let i = 0; i < downs; i++) await page.keyboard.press('ArrowDown');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.keyboard.press('Enter'),
  ]);
  const name = download.suggestedFilename();
  const bytes = await readFile(await download.path());
  // kept with the other tests' screenshots, to look at
  await writeFile(`${SHOTS}/export-${name}`, bytes);
  return { name, bytes };
}

/** How an image draws in the page: its size and how many colours a grid of samples shows. */
function drawn(page: Page, bytes: Buffer, type: string) {
  return page.evaluate(
    async ({ base64, type }) => {
      const img = new Image();
      img.src = `data:${type};base64,${base64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const at = (x: number, y: number) => (y * canvas.width + x) * 4;
      const colours = new Set<string>();
      for (let y = 0; y < canvas.height; y += 8)
        for (let x = 0; x < canvas.width; x += 8)
          colours.add(data.subarray(at(x, y), at(x, y) + 4).join(','));
      const corner = [...data.subarray(at(2, 2), at(2, 2) + 3)];
      return { width: img.naturalWidth, height: img.naturalHeight, colours: colours.size, corner };
    },
    { base64: bytes.toString('base64'), type },
  );
}

describe('diagram export', () => {
  it('downloads a 1920×1080 PNG of the diagram on the theme background, chosen by keyboard', async () => {
    const { page, problems } = await open('dark');
    await page.locator('body').press('n');
    await page.locator('.step-state.is-reached').waitFor({ timeout: 45_000 });
    const { name, bytes } = await exportWithKeys(page, 0);
    expect(name).toBe('k8s-anatomy-create-pod-step-1.png');
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // the first chunk is IHDR: width and height as big-endian 32-bit integers
    expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1920, 1080]);
    const image = await drawn(page, bytes, 'image/png');
    expect([image.width, image.height]).toEqual([1920, 1080]);
    // a drawing, not a blank: boxes, names, edges and the caption in many colours
    expect(image.colours).toBeGreaterThan(20);
    const background = await page.evaluate(
      () => getComputedStyle(document.querySelector('.react-flow')!).backgroundColor,
    );
    expect(`rgb(${image.corner.join(', ')})`).toBe(background);
    // the dark theme's background, not a white sheet
    expect(Math.max(...image.corner)).toBeLessThan(60);
    await expect(
      page.getByRole('status').filter({ hasText: 'Exported' }).textContent(),
    ).resolves.toBe('Exported k8s-anatomy-create-pod-step-1.png');
    // the menu closed and focus is back on its button
    await expect(page.getByRole('menu').count()).resolves.toBe(0);
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toMatch(
      /Export$/,
    );
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('downloads a 1920×1080 SVG holding the node names and a caption of scenario and step', async () => {
    const { page, problems } = await open('light');
    await page.locator('body').press('n');
    await page.locator('.step-state.is-reached').waitFor({ timeout: 45_000 });
    const { name, bytes } = await exportWithKeys(page, 1);
    expect(name).toBe('k8s-anatomy-create-pod-step-1.svg');
    const text = bytes.toString('utf8');
    const svg = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: root.nodeName,
        width: root.getAttribute('width'),
        height: root.getAttribute('height'),
        caption: root.querySelector(':scope > text')?.textContent,
        names: [...root.querySelectorAll('.react-flow__node')].map((n) => n.textContent ?? ''),
        highlight: root.querySelector('.step-highlight')?.getAttribute('style') ?? '',
        edge: root.querySelector('.react-flow__edge-path')?.getAttribute('style') ?? '',
      };
    }, text);
    expect(svg.error).toBeNull();
    expect(svg).toMatchObject({ root: 'svg', width: '1920', height: '1080' });
    expect(svg.caption).toBe(
      `What happens when you create a pod — step 1 of ${createPod.steps.length}: ${createPod.steps[0].title}`,
    );
    const names = svg.names.join('\n');
    for (const node of ['control-plane-1', 'worker-1', 'worker-2', 'worker-3'])
      expect(names).toContain(node);
    for (const component of ['etcd', 'kube-apiserver', 'kube-scheduler', 'kubelet'])
      expect(names).toContain(component);
    // shapes keep the paint the page's stylesheet gave them (the file has no stylesheet)
    expect(svg.highlight).toContain('stroke-width: 3px');
    expect(svg.highlight).toMatch(/stroke-dasharray: 8(px)?,? 4(px)?/);
    expect(svg.edge).toMatch(/stroke: rgb\(/);
    // only the diagram: no zoom controls, minimap or attribution
    expect(text).not.toContain('react-flow__controls');
    expect(text).not.toContain('react-flow__minimap');
    expect(text).not.toContain('react-flow__attribution');
    // the file draws on its own, as an image, with the diagram in it
    const image = await drawn(page, bytes, 'image/svg+xml');
    expect([image.width, image.height]).toEqual([1920, 1080]);
    expect(image.colours).toBeGreaterThan(20);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
