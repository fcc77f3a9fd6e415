import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { HopDetails } from '../../../src/ui/hops/HopDetails';
import { HOP_ROW_HEIGHT, HopLog } from '../../../src/ui/hops/HopLog';
import { playUntil, renderWithSimulation } from './render';

describe('HopLog', () => {
  it('says there are no hops before anything has played', () => {
    renderWithSimulation(<HopLog />);
    expect(
      screen.getByText('No hops yet. Run a kubectl command or press Play.'),
    ).toBeInTheDocument();
  });

  it('lists the hops of a kubectl command and shows the apiserver stages of its reply', () => {
    const { store } = renderWithSimulation(
      <>
        <HopDetails />
        <HopLog />
      </>,
    );
    act(() => void store.getState().kubectl('run nginx --image=nginx'));
    playUntil(store, () => store.getState().terminal[0].done);
    expect(
      screen.getByRole('button', {
        name: /^kubectl to kube-apiserver@control-plane-1: POST \/api\/v1\/namespaces\/default\/pods/,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('button', {
        name: /^kube-apiserver@control-plane-1 to etcd@control-plane-1: Txn \/registry\/pods\/default\/nginx, delivered$/,
      }).length,
    ).toBeGreaterThan(0);
    const reply = screen.getByRole('button', {
      name: /^kube-apiserver@control-plane-1 to kubectl: 201/,
    });
    fireEvent.click(reply);
    expect(reply).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('heading', { level: 2, name: /^Hop #\d+: 201$/ })).toBeInTheDocument();
    expect(screen.getByLabelText('Pipeline stages')).toHaveTextContent(
      'authentication ✓ authorization ✓ mutating admission ✓ validation ✓ validating admission ✓ storage ✓',
    );
  });

  it('lists the newest hop last and puts a landing hop below the others without moving them', () => {
    const { store } = renderWithSimulation(<HopLog />);
    act(() => void store.getState().kubectl('get nodes'));
    playUntil(store, () => store.getState().terminal[0].done);
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Hop log (newest last)');
    const list = screen.getByRole('list', { name: 'Hops, newest last' });
    // each row's place by its name, for the names listed once
    const tops = () => {
      const rows = within(list)
        .getAllByRole('listitem')
        .map((li): [string, string] => [
          li.querySelector('button')?.getAttribute('aria-label') ?? '',
          li.style.top,
        ]);
      const once = rows.filter(([name]) => rows.filter(([n]) => n === name).length === 1);
      return { places: new Map(once), all: rows.map(([, top]) => top) };
    };
    const before = tops();
    const last = within(list).getAllByRole('listitem').at(-1);
    expect(last?.querySelector('button')).toHaveAccessibleName(
      /^kube-apiserver@control-plane-1 to kubectl: 200 \/api\/v1\/nodes/,
    );
    const listed = String(store.getState().log.length);
    expect(last).toHaveAttribute('aria-posinset', listed);
    expect(last).toHaveAttribute('aria-setsize', listed);
    const landed = store.getState().log.at(-1)?.seq ?? 0;
    playUntil(store, () => (store.getState().log.at(-1)?.seq ?? 0) > landed);
    const after = tops();
    // every row listed before that is still rendered keeps its place; the new ones sit below
    const kept = [...before.places].filter(([name]) => after.places.has(name));
    expect(kept.length).toBeGreaterThan(2);
    for (const [name, top] of kept) expect(after.places.get(name)).toBe(top);
    const slots = after.all.map((t) => parseFloat(t));
    expect(slots).toEqual(slots.map((_, i) => slots[0] + i * HOP_ROW_HEIGHT));
  });
});
