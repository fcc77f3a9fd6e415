import { act, fireEvent, screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import type { SimulationStore } from '../../../src/store';
import { createSimulationStore } from '../../../src/store';
import { Inspector } from '../../../src/ui/panels/Inspector';
import { renderWithSimulation } from '../components/render';

// every test boots or reads a whole simulated cluster
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

/** One cluster for the read-only tests: booted, with nginx Running on a worker. */
let shared: SimulationStore;
beforeAll(() => {
  shared = createSimulationStore({ playing: false });
  // the add-ons (kube-proxy, CoreDNS) are scheduled just after boot: let them settle first so
  // nginx is the scheduler's newest decision
  shared.cluster.advance(5_000);
  shared.getState().kubectl('run nginx --image=nginx');
  shared.cluster.runUntil(
    (c) => (c.get('pods', 'nginx')?.status as { phase?: string } | undefined)?.phase === 'Running',
    { timeoutMs: 60_000 },
  );
  shared.cluster.advance(11_000);
});

function inspect(id: string, store = shared) {
  act(() => store.getState().select(id));
  return renderWithSimulation(<Inspector />, store);
}

describe('Inspector', () => {
  it('shows nothing while nothing is selected', () => {
    act(() => shared.getState().select(undefined));
    const { container } = renderWithSimulation(<Inspector />, shared);
    expect(container).toBeEmptyDOMElement();
  });

  it('closes with its close button and with Esc', () => {
    const { store } = inspect('node/worker-1', createSimulationStore({ playing: false }));
    expect(screen.getByRole('heading', { level: 2, name: 'Node worker-1' })).toHaveFocus();
    fireEvent.click(screen.getByRole('button', { name: 'Close the inspector' }));
    expect(store.getState().selected).toBeUndefined();
    act(() => store.getState().select('node/worker-1'));
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(store.getState().selected).toBeUndefined();
  });

  it('shows an etcd member leading, its term and the keys it stores', () => {
    const { store } = inspect('etcd@control-plane-1');
    const raft = screen.getByRole('region', { name: 'Raft' });
    expect(within(raft).getByText('★')).toBeInTheDocument();
    expect(within(raft).getByText('leader')).toBeInTheDocument();
    const revision = store.cluster.etcd.members[0].disk.store.revision;
    expect(within(raft).getByText('Revision').nextSibling).toHaveTextContent(String(revision));
    const keys = screen.getByRole('list', { name: 'Keys under /registry' });
    const pods = store.cluster.list('pods').length;
    expect(within(keys).getByText('pods/').parentElement).toHaveTextContent(`pods/ (${pods})`);
  });

  it("lists the apiserver's newest requests with method, path, status and stages", () => {
    const store = createSimulationStore({ playing: false });
    act(() => void store.getState().kubectl('run nginx --image=nginx'));
    inspect('kube-apiserver@control-plane-1', store);
    const list = screen.getByRole('list', { name: 'Recent requests, newest first' });
    const create = within(list).getByText('POST /api/v1/namespaces/default/pods');
    expect(create.closest('summary')).toHaveTextContent(
      'POST /api/v1/namespaces/default/pods → 201 from kubectl',
    );
    const stages = within(create.closest('details')!).getByLabelText('Pipeline stages');
    expect(stages).toHaveTextContent('authentication ✓ authorization ✓ mutating admission ✓');
  });

  it("shows the scheduler's leadership, its empty queue and its per-node table", () => {
    const store = shared;
    inspect('kube-scheduler@control-plane-1', store);
    expect(screen.getByText('★ leader (holds the kube-scheduler Lease)')).toBeInTheDocument();
    const queue = screen.getByRole('region', { name: 'Scheduling queue' });
    expect(within(queue).getByText('activeQ').nextSibling).toHaveTextContent(/^0/);
    const node = (store.cluster.get('pods', 'nginx')!.spec as { nodeName: string }).nodeName;
    expect(screen.getByText('default/nginx').parentElement).toHaveTextContent(`default/nginx at`);
    expect(screen.getByText('default/nginx').parentElement).toHaveTextContent(`bound to ${node}`);
    expect(screen.getAllByRole('table', { name: 'Scheduling decision' }).length).toBeGreaterThan(0);
  });

  it('lists the controllers the leading controller manager runs with their queue depths', () => {
    inspect('kube-controller-manager@control-plane-1');
    const table = screen.getByRole('table', { name: 'Controllers and their work queues' });
    expect(within(table).getByRole('rowheader', { name: 'replicaset' })).toBeInTheDocument();
    expect(within(table).getByText('node_lifecycle_controller')).toBeInTheDocument();
  });

  it("shows the kubelet's pods, lease and Ready condition", () => {
    inspect('kubelet@worker-1');
    const pods = screen.getByRole('list', { name: 'Pods on this node' });
    expect(
      within(pods).getByRole('button', { name: /^kube-system\/kube-proxy-/ }),
    ).toBeInTheDocument();
    const conditions = screen.getByRole('table', { name: 'Node conditions' });
    expect(
      within(conditions).getByRole('rowheader', { name: 'Ready' }).nextSibling,
    ).toHaveTextContent('✓ True');
    expect(screen.getByText('Lease duration').nextSibling).toHaveTextContent('40 s');
  });

  it('opens a pod from the kubelet panel', () => {
    const { store } = inspect('kubelet@worker-1');
    fireEvent.click(screen.getByRole('button', { name: /^kube-system\/kube-proxy-/ }));
    expect(store.getState().selected).toMatch(/^pod\/kube-system\/kube-proxy-/);
  });

  it("lists containerd's sandboxes, containers and images", () => {
    inspect('containerd@worker-1');
    const containers = screen.getByRole('table', { name: 'Containers' });
    expect(
      within(containers).getByRole('rowheader', { name: /^kube-proxy / }).nextSibling,
    ).toHaveTextContent('CONTAINER_RUNNING');
    const sandboxes = screen.getByRole('table', { name: 'Pod sandboxes' });
    expect(
      within(sandboxes).getByRole('rowheader', { name: /^kube-system\/kube-proxy-/ }).nextSibling,
    ).toHaveTextContent('SANDBOX_READY');
    expect(
      within(screen.getByRole('list', { name: 'Images' })).getByText(
        /registry\.k8s\.io\/pause:3\.10/,
      ),
    ).toBeInTheDocument();
  });

  it("prints kube-proxy's iptables-save text", () => {
    const { store } = inspect('kube-proxy@worker-1');
    expect(screen.getByLabelText('iptables-save on worker-1').textContent).toBe(
      store.cluster.iptablesSave('worker-1'),
    );
  });

  it('shows a node with its capacity, conditions and kubeadm files, and opens a file', () => {
    inspect('node/control-plane-1');
    expect(screen.getByText('Capacity').nextSibling).toHaveTextContent('cpu 2 · memory 4Gi');
    const taints = screen.getByRole('list', { name: 'Taints' });
    expect(taints).toHaveTextContent('node-role.kubernetes.io/control-plane:NoSchedule');
    const file = screen.getByRole('button', { name: '/etc/kubernetes/manifests/etcd.yaml' });
    fireEvent.click(file);
    expect(file).toHaveAttribute('aria-expanded', 'true');
    expect(
      screen.getByLabelText('Contents of /etc/kubernetes/manifests/etcd.yaml'),
    ).toHaveTextContent('--data-dir=/var/lib/etcd');
    expect(screen.getByText('/etc/kubernetes/pki/ca.key')).toBeInTheDocument();
  });

  it("shows a pod's YAML, events and timeline", () => {
    inspect('pod/default/nginx');
    expect(screen.getByLabelText('kubectl get pod nginx -o yaml').textContent).toMatch(
      /^apiVersion: v1\nkind: Pod\n/,
    );
    const events = screen.getByRole('table', { name: 'Events' });
    expect(within(events).getByText('Scheduled')).toBeInTheDocument();
    const timeline = screen.getByRole('list', { name: 'Status timeline' });
    expect(within(timeline).getByText(/Created \(phase Pending\)/)).toBeInTheDocument();
    expect(within(timeline).getByText(/container nginx Running/)).toBeInTheDocument();
  });

  it("shows a CoreDNS pod's records", () => {
    const store = shared;
    const dns = store.cluster
      .list('pods', 'kube-system')
      .find((p) => p.metadata.name!.startsWith('coredns-'))!;
    inspect(`pod/kube-system/${dns.metadata.name}`, store);
    const records = screen.getByRole('table', { name: 'DNS records' });
    expect(
      within(records).getByText('kube-dns.kube-system.svc.cluster.local').nextSibling?.nextSibling,
    ).toHaveTextContent('10.96.0.10');
  });
});
