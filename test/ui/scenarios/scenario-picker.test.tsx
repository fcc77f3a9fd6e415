import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { SCENARIO_LIST, scenariosByGroup } from '../../../src/scenarios';
import { ScenarioPicker } from '../../../src/ui/shell/ScenarioPicker';

describe('ScenarioPicker', () => {
  it('names the current scenario on its labelled toggle', () => {
    render(<ScenarioPicker current="node-failure" onChoose={() => {}} />);
    expect(
      screen.getByText('A node dies: how Kubernetes reschedules', {
        selector: '.scenario-current',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('Scenario: A node dies: how Kubernetes reschedules. Choose another'),
    ).toBeInTheDocument();
  });

  it('lists every scenario under its group heading, with its summary and duration', () => {
    render(<ScenarioPicker current="create-pod" onChoose={() => {}} />);
    for (const { group, scenarios } of scenariosByGroup()) {
      const section = screen.getByRole('region', { name: group, hidden: true });
      for (const s of scenarios) {
        const button = within(section).getByRole('button', {
          name: new RegExp(s.title),
          hidden: true,
        });
        expect(button).toHaveTextContent(s.duration);
        expect(button).toHaveAccessibleDescription(s.summary);
      }
    }
    expect(screen.getAllByRole('button', { hidden: true })).toHaveLength(SCENARIO_LIST.length);
  });

  it('marks the current scenario and reports the chosen one', () => {
    const onChoose = vi.fn();
    render(<ScenarioPicker current="create-pod" onChoose={onChoose} />);
    expect(
      screen.getByRole('button', { name: /What happens when you create a pod/, hidden: true }),
    ).toHaveAttribute('aria-current', 'true');
    const nodeFailure = screen.getByRole('button', { name: /A node dies/, hidden: true });
    expect(nodeFailure).not.toHaveAttribute('aria-current');
    fireEvent.click(nodeFailure);
    expect(onChoose).toHaveBeenCalledWith('node-failure');
  });

  it('closes on Escape and gives focus back to its toggle', () => {
    const { container } = render(<ScenarioPicker current="create-pod" onChoose={() => {}} />);
    const details = container.querySelector('details')!;
    details.setAttribute('open', '');
    const choice = screen.getByRole('button', { name: /A node dies/ });
    choice.focus();
    fireEvent.keyDown(choice, { key: 'Escape' });
    expect(details).not.toHaveAttribute('open');
    expect(document.activeElement).toBe(container.querySelector('summary'));
  });

  it('groups scenarios in the order basics, workloads, networking, control plane internals, failures', () => {
    const order = ['basics', 'workloads', 'networking', 'control plane internals', 'failures'];
    const groups = scenariosByGroup().map((g) => g.group);
    expect(groups).toEqual(order.filter((g) => groups.includes(g as (typeof groups)[number])));
    expect(groups).toContain('failures');
  });
});
