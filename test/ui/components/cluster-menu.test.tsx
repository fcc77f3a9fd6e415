import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { createSimulationStore } from '../../../src/store';
import { Diagram } from '../../../src/ui/diagram/Diagram';
import { playUntil, renderWithSimulation } from './render';

vi.setConfig({ testTimeout: 120_000 });

function renderDiagram() {
  const store = createSimulationStore({ playing: false });
  renderWithSimulation(
    <div style={{ width: 1280, height: 720 }}>
      <Diagram colorMode="light" />
    </div>,
    store,
  );
  return store;
}

describe('the cluster menu on the diagram', () => {
  it('is a labelled menu button in the diagram that opens from the keyboard', () => {
    renderDiagram();
    const diagram = screen.getByRole('region', { name: 'Cluster diagram' });
    const button = within(diagram).getByRole('button', { name: 'Cluster' });
    expect(button.tagName).toBe('BUTTON');
    expect(button).not.toHaveAttribute('tabindex', '-1');
    expect(button).toHaveAttribute('aria-haspopup', 'menu');

    act(() => button.focus());
    fireEvent.keyDown(button, { key: 'ArrowDown' });
    const menu = screen.getByRole('menu', { name: 'Add or remove a worker' });
    const items = within(menu).getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual([
      'Add a worker',
      'Remove worker-1 (kubectl delete node)',
      'Remove worker-2 (kubectl delete node)',
      'Remove worker-3 (kubectl delete node)',
    ]);
    expect(items[0]).toHaveFocus();
    fireEvent.keyDown(items[0], { key: 'Escape' });
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it('adds a worker that joins and appears on the diagram once the simulation has run', () => {
    const store = renderDiagram();
    expect(screen.queryByRole('group', { name: /^worker node worker-4/ })).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Cluster' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Add a worker' }));
    const status = screen.getAllByRole('status').find((s) => s.className === 'break-it-done');
    expect(status).toHaveTextContent('Add a worker: done.');
    playUntil(store, () =>
      store.getState().topology.nodes.some((n) => n.name === 'worker-4' && n.ready === 'True'),
    );
    expect(screen.getByRole('group', { name: 'worker node worker-4, Ready' })).toBeInTheDocument();
  });

  it('removes a worker with kubectl delete node: its machine goes down and its Node away', () => {
    const store = renderDiagram();
    fireEvent.click(screen.getByRole('button', { name: 'Cluster' }));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      fireEvent.click(
        screen.getByRole('menuitem', { name: 'Remove worker-3 (kubectl delete node)' }),
      );
      const status = screen.getAllByRole('status').find((s) => s.className === 'break-it-done');
      expect(status).toHaveTextContent('Remove worker-3 (kubectl delete node): done.');
      // the line over the drawing goes away after five seconds
      act(() => vi.advanceTimersByTime(4_999));
      expect(status).toHaveTextContent('Remove worker-3 (kubectl delete node): done.');
      act(() => vi.advanceTimersByTime(1));
      expect(status).toBeEmptyDOMElement();
    } finally {
      vi.useRealTimers();
    }
    expect(store.cluster.get('nodes', 'worker-3')).toBeUndefined();
    playUntil(store, () =>
      store.getState().topology.nodes.some((n) => n.name === 'worker-3' && !n.up),
    );
    expect(
      screen.getByRole('group', { name: 'worker node worker-3, powered off' }),
    ).toBeInTheDocument();
  });
});
