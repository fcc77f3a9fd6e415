import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { createPod } from '../../../src/scenarios';
import { Simulation } from '../../../src/ui/shell/Simulation';
import { renderWithSimulation } from '../components/render';

describe('the simulation page body', () => {
  it('shows the narration at once, then mounts the diagram, hop log and bottom strip', async () => {
    const { container } = renderWithSimulation(
      <Simulation scenario={createPod} colorMode="light" onRestart={() => {}} />,
    );
    // the first render: the side panel's invitation, stand-ins elsewhere
    expect(
      screen.getByRole('heading', { name: 'Create a pod and watch what happens' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Loading the simulation…');
    expect(container.querySelector('.react-flow')).toBeNull();
    expect(screen.queryByRole('textbox', { name: /kubectl/i })).toBeNull();

    await waitFor(() => expect(container.querySelector('.main-area .react-flow')).not.toBeNull());
    await waitFor(() =>
      expect(container.querySelector('.bottom-strip .terminal input')).not.toBeNull(),
    );
    expect(screen.getByRole('heading', { name: /Hop log/ })).toBeInTheDocument();
    expect(container.querySelector('.loading-status, .loading-timeline')).toBeNull();
  });
});
