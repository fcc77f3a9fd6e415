import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { commandOf, Terminal } from '../../../src/ui/terminal/Terminal';
import { playFrames, renderWithSimulation } from './render';

function run(command: string) {
  const input = screen.getByRole('textbox', { name: 'kubectl command' });
  fireEvent.change(input, { target: { value: command } });
  fireEvent.submit(input.closest('form')!);
}

describe('Terminal', () => {
  it('shows the four nodes once the response to get nodes has played', () => {
    const { store } = renderWithSimulation(<Terminal />);
    run('get nodes');
    const output = screen.getByRole('list', { name: 'Terminal output' });
    expect(output).toHaveTextContent('$ kubectl get nodes');
    expect(output).toHaveTextContent('waiting for the response (paused: press Play or Step)');
    playFrames(store, 300);
    const text = within(output).getByText(/NAME\s+STATUS/).textContent!;
    const rows = text.trim().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(rows.slice(1).map((r) => r.split(/\s+/).slice(0, 3))).toEqual([
      ['control-plane-1', 'Ready', 'control-plane'],
      ['worker-1', 'Ready', '<none>'],
      ['worker-2', 'Ready', '<none>'],
      ['worker-3', 'Ready', '<none>'],
    ]);
  });

  it('shows kubectl errors in the error style', () => {
    const { store } = renderWithSimulation(<Terminal />);
    run('get foo');
    playFrames(store, 300);
    const error = screen.getByRole('alert');
    expect(error).toHaveTextContent(`error: the server doesn't have a resource type "foo"`);
    expect(error).toHaveClass('terminal-error');
  });

  it('recalls earlier commands with the up and down arrows', () => {
    renderWithSimulation(<Terminal />);
    run('get nodes');
    run('get pods');
    const input = screen.getByRole('textbox', { name: 'kubectl command' });
    expect(input).toHaveValue('');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input).toHaveValue('get pods');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input).toHaveValue('get nodes');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input).toHaveValue('get pods');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input).toHaveValue('');
  });

  it('accepts commands with or without the kubectl prefix', () => {
    expect(commandOf('kubectl get pods ')).toBe('get pods');
    expect(commandOf('  get pods')).toBe('get pods');
  });
});
