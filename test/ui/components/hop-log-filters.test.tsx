import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { HOP_LOG_ROWS, HopLog } from '../../../src/ui/hops/HopLog';
import { playUntil, renderWithSimulation } from './render';

/** The accessible names of the log's rows, oldest first. */
const rowNames = () =>
  within(screen.getByRole('list', { name: 'Hops, newest last' }))
    .getAllByRole('button')
    .map((b) => b.getAttribute('aria-label') ?? '');

const API = 'kube-apiserver@control-plane-1';

/** `kubectl run nginx` twice: the first creates the pod, the second is refused (409). */
function runTwice() {
  const rendered = renderWithSimulation(<HopLog />);
  const { store } = rendered;
  act(() => void store.getState().kubectl('run nginx --image=nginx'));
  playUntil(store, () => store.getState().terminal[0].done);
  act(() => void store.getState().kubectl('run nginx --image=nginx'));
  playUntil(store, () => store.getState().terminal[1].done);
  return rendered;
}

describe('HopLog filters', () => {
  it('offers no filters before any hop has landed', () => {
    renderWithSimulation(<HopLog />);
    expect(screen.queryByRole('group', { name: 'Filter hops' })).not.toBeInTheDocument();
  });

  it('shows only the hops to or from the chosen component, newest last', () => {
    const { store } = runTwice();
    fireEvent.change(screen.getByLabelText('Component'), { target: { value: 'kubectl' } });
    const rows = rowNames();
    // as many as the log holds (its newest 300 hops may have lost the first command's)
    const kubectlHops = store
      .getState()
      .log.filter((h) => h.from === 'kubectl' || h.to === 'kubectl');
    expect(rows).toHaveLength(kubectlHops.length);
    expect(rows.slice(-2)).toEqual([
      `kubectl to ${API}: POST /api/v1/namespaces/default/pods?fieldManager=kubectl-run&fieldValidation=Strict, delivered`,
      `${API} to kubectl: 409 /api/v1/namespaces/default/pods, error`,
    ]);
    for (const row of rows) expect(row).toMatch(/^(kubectl to |\S+ to kubectl: )/);
  });

  it('with errors only, lists the refused create alone', () => {
    runTwice();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Errors only' }));
    expect(rowNames()).toEqual([`${API} to kubectl: 409 /api/v1/namespaces/default/pods, error`]);
  });

  it('narrows by verb and by resource text together', () => {
    runTwice();
    fireEvent.change(screen.getByLabelText('Verb'), { target: { value: 'Txn' } });
    fireEvent.change(screen.getByLabelText('Resource'), { target: { value: 'pods/default' } });
    const rows = rowNames();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      expect(row).toMatch(/: Txn \/registry\/pods\/default\/nginx, delivered$/);
  });

  it('hides leases, heartbeats and resyncs when asked', () => {
    const { store } = runTwice();
    const log = store.getState().log;
    const foreground = log.filter((h) => !h.background);
    expect(foreground.length).toBeLessThan(log.length);
    expect(rowNames()).toHaveLength(Math.min(HOP_LOG_ROWS, log.length));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Hide background' }));
    const rows = rowNames();
    expect(rows).toHaveLength(Math.min(HOP_LOG_ROWS, foreground.length));
    expect(rows.filter((r) => r.endsWith(', background'))).toEqual([]);
  });

  it('says when nothing matches, and Clear filters brings the rows back', () => {
    runTwice();
    const all = rowNames();
    fireEvent.change(screen.getByLabelText('Resource'), { target: { value: 'no-such-thing' } });
    expect(screen.getByRole('status')).toHaveTextContent('No hops match the filters.');
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(rowNames()).toEqual(all);
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
  });

  it('labels every filter control for keyboard and screen-reader users', () => {
    runTwice();
    const group = screen.getByRole('group', { name: 'Filter hops' });
    // native controls: each in the tab order, each named by its label
    for (const [role, name] of [
      ['combobox', 'Component'],
      ['combobox', 'Verb'],
      ['searchbox', 'Resource'],
      ['checkbox', 'Errors only'],
      ['checkbox', 'Hide background'],
    ])
      expect(within(group).getByRole(role, { name })).not.toHaveAttribute('tabindex', '-1');
    expect(within(group).getByRole('combobox', { name: 'Component' })).toHaveDisplayValue(
      'All components',
    );
    expect(within(group).getByRole('combobox', { name: 'Verb' })).toHaveDisplayValue('All verbs');
    expect(within(group).getByRole('searchbox', { name: 'Resource' })).toHaveValue('');
  });
});
