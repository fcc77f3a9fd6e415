import type { Page } from 'playwright-core';

/**
 * Waits until the narration panel shows live step `n` (1-based) as reached, predicting with
 * key `choice` whenever the step asks its "predict, then run" question first. Returns the
 * prompts of the questions answered on the way.
 */
export async function reachStep(
  page: Page,
  n: number,
  { choice = '1', timeout = 45_000 }: { choice?: string; timeout?: number } = {},
): Promise<string[]> {
  const answered: string[] = [];
  const deadline = Date.now() + timeout;
  for (;;) {
    const now = await page.evaluate((n) => {
      const count = document.querySelector('.step-count')?.textContent ?? '';
      return {
        atStep: count.includes(`step ${n} of`),
        reached: document.querySelector('.step-state.is-reached') !== null,
        asking: document
          .querySelector('.question-choices[role="group"]')
          ?.getAttribute('aria-label'),
      };
    }, n);
    if (now.atStep && now.reached) return answered;
    if (now.atStep && now.asking) {
      answered.push(now.asking);
      await page.locator('body').press(choice);
    }
    if (Date.now() > deadline) {
      const shown = await page.locator('.step-count').textContent();
      throw new Error(`step ${n} not reached in ${timeout} ms; the panel shows ${shown}`);
    }
    await page.waitForTimeout(50);
  }
}
