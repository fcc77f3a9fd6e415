import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { useStagedMount } from '../../../src/lazy/use-staged-mount';

/** A paint the test lets happen: each call waits until `paint()` is called. */
function manualPaints() {
  const waiting: (() => void)[] = [];
  return {
    nextPaint: () => new Promise<void>((resolve) => waiting.push(resolve)),
    pending: () => waiting.length,
    paint: () => act(async () => waiting.splice(0).forEach((resolve) => resolve())),
  };
}

function Staged({ stages, nextPaint }: { stages: number; nextPaint: () => Promise<void> }) {
  const stage = useStagedMount(stages, nextPaint);
  return <p>stage {stage}</p>;
}

describe('mounting a page in stages', () => {
  it('renders stage 0 first, then one more stage per paint, and stops at the last', async () => {
    const paints = manualPaints();
    render(<Staged stages={3} nextPaint={paints.nextPaint} />);
    const seen = [screen.getByText(/stage/).textContent];
    for (let i = 0; i < 4; i++) {
      await paints.paint();
      seen.push(screen.getByText(/stage/).textContent);
    }
    expect(seen).toEqual(['stage 0', 'stage 1', 'stage 2', 'stage 3', 'stage 3']);
    // nothing is left waiting once the last stage is mounted
    expect(paints.pending()).toBe(0);
  });

  it('sets no state after unmounting mid-way', async () => {
    const paints = manualPaints();
    const { unmount } = render(<Staged stages={3} nextPaint={paints.nextPaint} />);
    expect(paints.pending()).toBe(1);
    unmount();
    await paints.paint();
    expect(paints.pending()).toBe(0);
  });
});
