import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { createPod } from '../../../src/scenarios';
import { FIRST_INVITATION, Loading, opensOnInvitation } from '../../../src/ui/shell/Loading';

describe('the first paint', () => {
  it("carries the create-pod walkthrough's own invitation, word for word", () => {
    expect(FIRST_INVITATION).toEqual({
      scenario: createPod.id,
      title: createPod.title,
      invitation: createPod.invitation,
      intro: createPod.intro,
      startLabel: createPod.startLabel,
      manifest: createPod.manifest,
    });
  });

  it.each<[string, string | undefined, string, boolean]>([
    ['the bare page', undefined, '', true],
    ['?scenario=create-pod', 'create-pod', '', true],
    ['another scenario', 'rollout', '', false],
    ['a shared link', undefined, '#s=abc', false],
  ])('opens on the invitation for %s: %s', (_, scenario, hash, expected) => {
    expect(opensOnInvitation({ scenario }, hash)).toBe(expected);
  });

  it('shows the invitation and the manifest in the side panel, with nothing to press yet', () => {
    const { container } = render(<Loading params={{ embed: false, present: false }} invitation />);
    expect(
      screen.getByRole('heading', { level: 2, name: 'Create a pod and watch what happens' }),
    ).toBeInTheDocument();
    const section = container.querySelector('.side-panel .narration.invitation');
    expect(section).toHaveAttribute('inert');
    expect(section?.querySelector('pre.manifest')?.textContent).toBe(createPod.manifest);
    expect(screen.getByRole('status')).toHaveTextContent('Loading the simulation…');
  });

  it('leaves the side panel empty when the page opens on something else', () => {
    const { container } = render(<Loading params={{ embed: false, present: false }} />);
    expect(container.querySelector('.side-panel')?.childElementCount).toBe(0);
    expect(screen.queryByRole('heading', { level: 2 })).toBeNull();
  });
});
