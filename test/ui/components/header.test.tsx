import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { Header } from '../../../src/ui/shell/Header';

describe('Header', () => {
  it('keeps every control named for screen readers, with the icons hidden from them', () => {
    const onTheme = vi.fn();
    const onCluster = vi.fn();
    render(
      <Header
        scenario="request-to-pod"
        onScenario={() => {}}
        cluster="single"
        onCluster={onCluster}
        theme="light"
        onTheme={onTheme}
      />,
    );
    const theme = screen.getByRole('button', { name: 'Dark theme' });
    expect(theme).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(theme);
    expect(onTheme).toHaveBeenCalledWith('dark');
    const cluster = screen.getByRole('combobox', { name: 'Cluster' });
    expect(cluster).toHaveDisplayValue('1 control plane + 3 workers');
    fireEvent.change(cluster, { target: { value: 'ha' } });
    expect(onCluster).toHaveBeenCalledWith('ha');
    expect(screen.getByText('Help').closest('summary')).toHaveTextContent(/^\?Help$/);
    expect(screen.getByText('?')).toHaveAttribute('aria-hidden', 'true');
  });
});
