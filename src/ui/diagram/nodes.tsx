import type { Node, NodeProps } from '@xyflow/react';
import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';

import type { ComponentView, NodeView, PodView } from '../../engine/view';
import { useSelectable } from './useSelectable';

export type MachineNodeType = Node<
  { node: NodeView; collapsed?: boolean; onToggle?: (name: string) => void },
  'machine'
>;
export type ComponentNodeType = Node<
  { component: ComponentView; hostUp: boolean; badges: ComponentView[] },
  'component'
>;
export type PodNodeType = Node<{ pod: PodView }, 'pod'>;
export type MorePodsNodeType = Node<{ count: number; node: string }, 'morePods'>;
export type OutsideNodeType = Node<
  { kind: 'client' | 'load-balancer' | 'unscheduled'; up: boolean; detail?: string },
  'outside'
>;
export type DiagramNode =
  MachineNodeType | ComponentNodeType | PodNodeType | MorePodsNodeType | OutsideNodeType;

// Paths are drawn by our own edges from the layout; handles only satisfy React Flow.
function HiddenHandles() {
  return (
    <>
      <Handle
        type="target"
        position={Position.Left}
        isConnectable={false}
        className="hidden-handle"
      />
      <Handle
        type="source"
        position={Position.Right}
        isConnectable={false}
        className="hidden-handle"
      />
    </>
  );
}

function readyBadge(node: NodeView): { text: string; icon: string; ok: boolean } {
  if (!node.up) return { text: 'powered off', icon: '⊘', ok: false };
  if (node.partitioned) return { text: 'partitioned', icon: '⚡', ok: false };
  if (node.ready === 'True') return { text: 'Ready', icon: '✓', ok: true };
  if (node.ready === 'False') return { text: 'NotReady', icon: '✕', ok: false };
  return { text: 'Unknown', icon: '?', ok: false };
}

/** A machine of the cluster: its name (choosing it inspects the node), Ready state, and a
 *  button folding its components and pods away; its components sit inside. */
export const MachineNode = memo(function MachineNode({ data }: NodeProps<MachineNodeType>) {
  const { node, collapsed, onToggle } = data;
  const badge = readyBadge(node);
  const { selected, props } = useSelectable(`node/${node.name}`);
  const count = node.components.length + node.pods.length;
  return (
    <div
      role="group"
      className={`machine role-${node.role}${node.up ? '' : ' is-down'}${node.partitioned ? ' is-partitioned' : ''}${selected ? ' is-selected' : ''}`}
      aria-label={`${node.role} node ${node.name}, ${badge.text}`}
    >
      {/* a cut link between two machines is drawn from one to the other */}
      <HiddenHandles />
      <div className="machine-header">
        {onToggle && (
          <button
            type="button"
            className="machine-toggle"
            aria-expanded={!collapsed}
            aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${node.name}`}
            title={collapsed ? `Show ${count} components and pods` : 'Fold this node away'}
            onClick={(e) => {
              e.stopPropagation();
              onToggle(node.name);
            }}
          >
            <span aria-hidden="true">{collapsed ? '▸' : '▾'}</span>
          </button>
        )}
        <span {...props} className="machine-name" aria-label={`Inspect node ${node.name}`}>
          {node.name}
        </span>
        <span className={`badge ${badge.ok ? 'badge-ok' : 'badge-bad'}`}>
          <span aria-hidden="true">{badge.icon}</span> {badge.text}
        </span>
      </div>
    </div>
  );
});

/** Component boxes narrower than this (flow px) show their status as an icon alone. */
const NARROW_COMPONENT = 180;

function componentStatus(c: ComponentView, hostUp: boolean): string | undefined {
  if (!c.up || !hostUp) return 'down';
  if (c.etcd) return `${c.etcd.leader ? 'leader' : 'follower'} · term ${c.etcd.term}`;
  return undefined;
}

/** One component instance: kind, and its state (down, etcd leader/follower and term). */
export const ComponentNode = memo(function ComponentNode({
  data,
  width,
}: NodeProps<ComponentNodeType>) {
  const { component: c, hostUp, badges } = data;
  const down = !c.up || !hostUp;
  const status = componentStatus(c, hostUp);
  // half a shared line has room for the name and the status's icon only (the label says all)
  const narrow = width !== undefined && width < NARROW_COMPONENT;
  const { selected, props } = useSelectable(c.id);
  return (
    <div
      {...props}
      className={`component kind-${c.kind}${down ? ' is-down' : ''}${c.etcd?.leader && !down ? ' is-leader' : ''}${selected ? ' is-selected' : ''}`}
      aria-label={`${c.kind} on ${c.node}${status ? `, ${status}` : ', running'}${badges.map((b) => `, with ${b.kind}${b.up ? '' : ' down'}`).join('')}`}
      data-component={c.id}
    >
      <HiddenHandles />
      <span className="component-name">{c.kind}</span>
      {status && (
        <span className="component-status">
          <span aria-hidden="true">{down ? '✕ ' : c.etcd?.leader ? '★ ' : ''}</span>
          {!narrow && status}
        </span>
      )}
      {badges.length > 0 && (
        <span className="component-badges" aria-hidden="true">
          {badges.map((b) => (
            <span
              key={b.id}
              className={`component-badge${b.up ? '' : ' is-down'}`}
              data-component={b.id}
            >
              {b.kind.toUpperCase()}
            </span>
          ))}
        </span>
      )}
    </div>
  );
});

const PHASE_ICON: Record<string, string> = {
  Pending: '◌',
  Running: '●',
  Succeeded: '✓',
  Failed: '✕',
  Unknown: '?',
  Terminating: '◔',
};

/** A pod chip: name and phase (icon and text, not colour alone). */
export const PodNode = memo(function PodNode({ data }: NodeProps<PodNodeType>) {
  const { pod } = data;
  const { selected, props } = useSelectable(pod.id);
  // kubectl's STATUS column: Terminating once deletion is requested, else the phase
  const status = pod.terminating ? 'Terminating' : pod.phase;
  return (
    <div
      {...props}
      className={`pod phase-${pod.phase}${pod.terminating ? ' is-terminating' : ''}${selected ? ' is-selected' : ''}`}
      aria-label={`pod ${pod.namespace}/${pod.name}, ${status}`}
      title={`${pod.namespace}/${pod.name} — ${status}`}
    >
      <span aria-hidden="true">{PHASE_ICON[status] ?? '?'}</span>
      <span className="pod-name">{pod.name}</span>
    </div>
  );
});

/** The pods of a node that do not fit as chips, as a count. */
export const MorePodsNode = memo(function MorePodsNode({ data }: NodeProps<MorePodsNodeType>) {
  return (
    <div
      className="pod pod-more"
      role="group"
      aria-label={`${data.count} more pods on ${data.node}`}
      title={`${data.count} more pods on ${data.node}`}
    >
      +{data.count} pods
    </div>
  );
});

const OUTSIDE_TITLE = {
  client: 'kubectl',
  'load-balancer': 'load balancer',
  unscheduled: 'Pending: no node',
};
const OUTSIDE_SUB = {
  client: 'you, outside the cluster',
  'load-balancer': 'HAProxy :6443',
  unscheduled: 'no node chosen yet',
};

/** kubectl on the user's machine, the HA load balancer, or the box of unscheduled pods. */
export const OutsideNode = memo(function OutsideNode({ id, data }: NodeProps<OutsideNodeType>) {
  const { selected, props } = useSelectable(id);
  const choosable = data.kind === 'unscheduled' ? { role: 'group' } : props;
  return (
    <div
      {...choosable}
      className={`outside outside-${data.kind}${data.up ? '' : ' is-down'}${selected ? ' is-selected' : ''}`}
      aria-label={`${OUTSIDE_TITLE[data.kind]}${data.detail ? `, ${data.detail}` : ''}`}
    >
      {data.kind !== 'unscheduled' && <HiddenHandles />}
      <span className="outside-name">{OUTSIDE_TITLE[data.kind]}</span>
      {data.kind !== 'unscheduled' && (
        <span className="outside-sub">{data.detail ?? OUTSIDE_SUB[data.kind]}</span>
      )}
    </div>
  );
});

export const nodeTypes = {
  machine: MachineNode,
  component: ComponentNode,
  pod: PodNode,
  morePods: MorePodsNode,
  outside: OutsideNode,
};
