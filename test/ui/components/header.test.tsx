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

  it.each([
    ['create-pod', 'single', undefined, '1 control plane + 3 workers', 2],
    ['create-pod', 'ha', undefined, '3 control planes (HA) + 3 workers', 2],
    // the scenario's own cluster wins over the choice, and the select says so
    ['ha-control-plane', 'single', undefined, '3 control planes (HA) + 2 workers', 3],
    ['optimistic-concurrency', 'single', undefined, '1 control plane + 1 worker', 3],
    // ?workers=10: the running cluster, as the page passes it
    [
      'create-pod',
      'single',
      { controlPlaneNodes: 1, workers: 10 },
      '1 control plane + 10 workers',
      3,
    ],
  ] as const)(
    'shows the cluster the simulation runs: %s chosen %s (%o) is "%s"',
    (scenario, cluster, running, label, options) => {
      const onCluster = vi.fn();
      render(
        <Header
          scenario={scenario}
          onScenario={() => {}}
          cluster={cluster}
          onCluster={onCluster}
          {...(running ? { running } : {})}
          theme="light"
          onTheme={() => {}}
        />,
      );
      const select = screen.getByRole('combobox', { name: 'Cluster' });
      expect(select).toHaveDisplayValue(label);
      expect(screen.getAllByRole('option')).toHaveLength(options);
      fireEvent.change(select, { target: { value: 'ha' } });
      expect(onCluster).toHaveBeenCalledWith('ha');
    },
  );
});
