import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { HopDetails } from '../../../src/ui/hops/HopDetails';
import { HopLog } from '../../../src/ui/hops/HopLog';
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
});
