import { act, fireEvent, screen, within } from '@testing-library/react';
import type { EdgeProps } from '@xyflow/react';
import { ReactFlowProvider } from '@xyflow/react';
import { describe, expect, it, vi } from 'vitest';

import { createSimulationStore } from '../../../src/store';
import { Diagram, flowEdges } from '../../../src/ui/diagram/Diagram';
import { layoutTopology } from '../../../src/ui/diagram/layout';
import type { PathEdgeType } from '../../../src/ui/diagram/PathEdge';
import { PathEdge } from '../../../src/ui/diagram/PathEdge';
import { Inspector } from '../../../src/ui/panels/Inspector';
import { playFrames, renderWithSimulation } from '../components/render';

vi.setConfig({ testTimeout: 120_000 });

const KUBELET_LINK = 'Link kubelet@worker-1 – kube-apiserver@control-plane-1';
const STORAGE_LINK = 'Link kube-apiserver@control-plane-1 – etcd@control-plane-1';

// one booted cluster for both tests (the first only looks and chooses), rendered afresh in each
const shared = createSimulationStore({ playing: false });

function renderDiagram() {
  act(() => shared.getState().select(undefined));
  return renderWithSimulation(
    <>
      <div style={{ width: 1280, height: 720 }}>
        <Diagram colorMode="light" />
      </div>
      <Inspector />
    </>,
    shared,
  );
}

/** Opens the inspector's failure menu from the keyboard and returns its items. */
function openMenu() {
  const button = screen.getByRole('button', { name: /Break it/ });
  act(() => button.focus());
  fireEvent.keyDown(button, { key: 'ArrowDown' });
  return within(screen.getByRole('menu')).getAllByRole('menuitem');
}

describe('the failure menu on a diagram link', () => {
  it('reaches every link with Tab after the nodes as a labelled button, and offers no cut inside one host', () => {
    const { store } = renderDiagram();
    const diagram = screen.getByRole('region', { name: 'Cluster diagram' });
    const links = within(diagram).getAllByRole('button', { name: /^Link / });
    expect(links).toHaveLength(store.getState().paths.length);
    for (const l of links) expect(l.tabIndex).toBe(0);
    const handle = within(diagram).getByRole('button', { name: KUBELET_LINK });
    // nodes come first: the links follow the last component in document (and tab) order
    const kubelet = within(diagram).getByRole('button', { name: /^kubelet on worker-3/ });
    expect(kubelet.compareDocumentPosition(handle) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    // a link inside one host cannot be cut by a network fault: the menu says why
    fireEvent.click(screen.getByRole('button', { name: STORAGE_LINK }));
    const items = openMenu();
    const why =
      'both ends run on control-plane-1 and talk over loopback (127.0.0.1), which no network fault cuts';
    for (const item of items) {
      expect(item).toHaveAttribute('aria-disabled', 'true');
      expect(item).toHaveAttribute('title', why);
    }
    expect(screen.getByRole('region', { name: 'Link' })).toHaveTextContent(
      '● loopback inside control-plane-1 (127.0.0.1)',
    );
  });

  it('opens the link in the inspector on Enter and cuts it from the menu, drawn dashed with a mark', () => {
    const { store } = renderDiagram();
    const handle = screen.getByRole('button', { name: KUBELET_LINK });
    act(() => handle.focus());
    // the focused link's whole route is traced, since routes may share a trunk
    expect(document.querySelectorAll('.link-focus-path')).toHaveLength(1);
    fireEvent.keyDown(handle, { key: 'Enter' });
    expect(screen.getByRole('heading', { name: KUBELET_LINK })).toBeInTheDocument();
    expect(handle).toHaveAttribute('aria-pressed', 'true');

    const items = openMenu();
    expect(screen.getByRole('menu')).toHaveAccessibleName(
      'What can go wrong with link/kubelet@worker-1--kube-apiserver@control-plane-1',
    );
    expect(items.map((i) => [i.firstChild?.textContent, i.getAttribute('aria-disabled')])).toEqual([
      ['Cut the network link between worker-1 and control-plane-1', null],
      ['Restore the network link between worker-1 and control-plane-1', 'true'],
    ]);
    fireEvent.click(items[0]);
    expect(store.cluster.sim.net.isLinkCut('worker-1', 'control-plane-1')).toBe(true);
    // the store records it as a user action, so a share link or a rewind replays it
    expect(store.getState().actions.at(-1)).toMatchObject({
      kind: 'fault',
      fault: { op: 'cut-link', hosts: ['worker-1', 'control-plane-1'] },
    });

    playFrames(store, 30);
    expect(handle).toHaveAccessibleName(`${KUBELET_LINK} (cut)`);
    // kube-proxy shares worker-1's cable; kubelet@worker-2's path is untouched
    screen.getByRole('button', {
      name: 'Link kube-proxy@worker-1 – kube-apiserver@control-plane-1 (cut)',
    });
    screen.getByRole('button', { name: 'Link kubelet@worker-2 – kube-apiserver@control-plane-1' });
    // the drawn path (React Flow draws edges only in a browser, so it is rendered here alone)
    const { topology, paths } = store.getState();
    const edge = flowEdges(layoutTopology(topology, paths, 'wide'), topology).find(
      (e) => e.id === 'kubelet@worker-1--kube-apiserver@control-plane-1',
    )!;
    expect(edge.data?.state).toBe('cut');
    const drawn = renderWithSimulation(
      <ReactFlowProvider>
        <svg>
          <PathEdge {...({ id: edge.id, data: edge.data } as EdgeProps<PathEdgeType>)} />
        </svg>
      </ReactFlowProvider>,
      store,
    ).container;
    expect(drawn.querySelector('path.path')).toHaveClass('path-cut');
    expect(drawn.querySelector('.path-break text')).toHaveTextContent('✂');
    const inspector = screen.getByRole('region', { name: 'Link' });
    expect(inspector).toHaveTextContent(
      '✂ cut: every packet between worker-1 and control-plane-1 is dropped, both ways',
    );

    const again = openMenu();
    expect(again.map((i) => i.getAttribute('aria-disabled'))).toEqual(['true', null]);
    fireEvent.click(again[1]);
    expect(store.cluster.sim.net.isLinkCut('worker-1', 'control-plane-1')).toBe(false);
  });
});
