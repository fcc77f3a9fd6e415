import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { createSimulationStore } from '../../../src/store';
import { BreakItMenu } from '../../../src/ui/panels/BreakItMenu';
import { Inspector } from '../../../src/ui/panels/Inspector';
import { renderWithSimulation } from '../components/render';

vi.setConfig({ testTimeout: 60_000 });

describe('Break it menu', () => {
  it('is a labelled menu button reachable and operable from the keyboard', () => {
    const store = createSimulationStore({ playing: false });
    renderWithSimulation(<BreakItMenu target="node/worker-1" />, store);
    const button = screen.getByRole('button', { name: 'Break it' });
    expect(button).toHaveAttribute('aria-haspopup', 'menu');
    expect(button).toHaveAttribute('aria-expanded', 'false');

    fireEvent.keyDown(button, { key: 'ArrowDown' });
    const menu = screen.getByRole('menu', { name: 'What can go wrong with node/worker-1' });
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const items = within(menu).getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual([
      'Power off worker-1',
      'Power on worker-1 — worker-1 is powered on',
      'Partition worker-1 from the network',
      "Heal worker-1's network partition — worker-1 is not partitioned",
      'Cordon worker-1',
      'Uncordon worker-1 — worker-1 is not cordoned',
      'Drain worker-1',
      'Remove worker-1 (kubectl delete node)',
    ]);
    expect(items[0]).toHaveFocus();
    expect(items[1]).toHaveAttribute('aria-disabled', 'true');

    fireEvent.keyDown(items[0], { key: 'ArrowDown' });
    expect(items[1]).toHaveFocus();
    fireEvent.keyDown(items[1], { key: 'End' });
    expect(items[7]).toHaveFocus();
    fireEvent.keyDown(items[7], { key: 'ArrowDown' });
    expect(items[0]).toHaveFocus();
    fireEvent.keyDown(items[0], { key: 'ArrowUp' });
    expect(items[7]).toHaveFocus();

    fireEvent.keyDown(items[7], { key: 'Escape' });
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it('applies the chosen fault to the engine: power off stops the machine', () => {
    const store = createSimulationStore({ playing: false });
    renderWithSimulation(<BreakItMenu target="node/worker-2" />, store);
    fireEvent.click(screen.getByRole('button', { name: 'Break it' }));
    act(() => fireEvent.click(screen.getByRole('menuitem', { name: 'Power off worker-2' })));
    expect(store.cluster.sim.net.isHostUp('worker-2')).toBe(false);
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Power off worker-2: done.');
  });

  it('does nothing for a disabled choice', () => {
    const store = createSimulationStore({ playing: false });
    renderWithSimulation(<BreakItMenu target="kube-scheduler@control-plane-1" />, store);
    fireEvent.click(screen.getByRole('button', { name: 'Break it' }));
    const restart = screen.getByRole('menuitem', {
      name: /^Restart kube-scheduler@control-plane-1/,
    });
    expect(restart).toHaveAttribute('aria-disabled', 'true');
    fireEvent.click(restart);
    expect(screen.getByRole('menu')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('menuitem', { name: 'Kill kube-scheduler@control-plane-1' }));
    const scheduler = store.cluster
      .components()
      .find((p) => p.id === 'kube-scheduler@control-plane-1')!;
    expect(scheduler.isUp()).toBe(false);
  });

  it('sits in the inspector of a selected component', () => {
    const store = createSimulationStore({ playing: false });
    act(() => store.getState().select('etcd@control-plane-1'));
    renderWithSimulation(<Inspector />, store);
    fireEvent.click(screen.getByRole('button', { name: 'Break it' }));
    expect(screen.getByRole('menuitem', { name: 'Kill etcd@control-plane-1' })).toBeInTheDocument();
  });
});
