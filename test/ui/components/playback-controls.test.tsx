import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { PlaybackControls, Timeline } from '../../../src/ui/playback/PlaybackControls';
import { renderWithSimulation } from './render';

describe('PlaybackControls', () => {
  it('plays and pauses with one button whose name says what it will do', () => {
    const { store } = renderWithSimulation(
      <>
        <Timeline />
        <PlaybackControls />
      </>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(store.getState().playing).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(store.getState().playing).toBe(false);
    expect(screen.getByRole('button', { name: 'Play' })).toHaveAttribute(
      'aria-keyshortcuts',
      'Space',
    );
  });

  it('sets the speed from 0.1× to 100×', () => {
    const { store } = renderWithSimulation(
      <>
        <Timeline />
        <PlaybackControls />
      </>,
    );
    const speed = screen.getByRole('combobox', { name: 'Speed' });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      '0.1×',
      '0.25×',
      '0.5×',
      '1×',
      '2×',
      '5×',
      '10×',
      '25×',
      '50×',
      '100×',
    ]);
    fireEvent.change(speed, { target: { value: '10' } });
    expect(store.getState().speed).toBe(10);
  });

  it('steps to the next hop and shows the virtual clock there', () => {
    const { store } = renderWithSimulation(
      <>
        <Timeline />
        <PlaybackControls />
      </>,
    );
    act(() => void store.getState().kubectl('get nodes'));
    fireEvent.click(screen.getByRole('button', { name: 'Step to next hop' }));
    const target = store.getState().stepTarget!;
    expect(target).toBeGreaterThan(store.getState().viewTime);
    act(() => {
      for (let i = 0; i < 100; i++) store.getState().tick(16, i * 16);
    });
    expect(store.getState().viewTime).toBe(target);
    expect(screen.getByRole('status', { name: 'Virtual time' })).toHaveTextContent(
      `${(Math.floor(target) / 1000).toFixed(3)} s`,
    );
  });

  it('hides background traffic when unticked', () => {
    const { store } = renderWithSimulation(
      <>
        <Timeline />
        <PlaybackControls />
      </>,
    );
    fireEvent.click(screen.getByRole('checkbox', { name: 'Background traffic' }));
    expect(store.getState().showBackground).toBe(false);
  });
});
