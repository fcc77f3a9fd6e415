import './panels.css';

import { useEffect, useRef } from 'react';

import type { SimulationState } from '../../store';
import { useSimulation, useSimulationStore } from '../../store';
import { ApiServerPanel } from './ApiServerPanel';
import { BreakItMenu } from './BreakItMenu';
import { ContainerdPanel } from './ContainerdPanel';
import { ControllerManagerPanel } from './ControllerManagerPanel';
import { CoreDnsPanel } from './CoreDnsPanel';
import { EtcdPanel } from './EtcdPanel';
import { KubeletPanel } from './KubeletPanel';
import { KubeProxyPanel } from './KubeProxyPanel';
import { LinkPanel } from './LinkPanel';
import { NodePanel } from './NodePanel';
import { OtherPanel } from './OtherPanel';
import { PodPanel } from './PodPanel';
import { SchedulerPanel } from './SchedulerPanel';
import type { Target } from './target';
import { parseTarget, targetTitle } from './target';

const selectSelected = (s: SimulationState) => s.selected;

function PanelFor({ target }: { target: Target }) {
  switch (target.type) {
    case 'node':
      return <NodePanel name={target.name} />;
    case 'pod':
      return <PodPanel namespace={target.namespace} name={target.name} />;
    case 'link':
      return <LinkPanel path={target.path} />;
    case 'component':
      switch (target.kind) {
        case 'etcd':
          return <EtcdPanel id={target.id} />;
        case 'kube-apiserver':
          return <ApiServerPanel id={target.id} />;
        case 'kube-scheduler':
          return <SchedulerPanel id={target.id} />;
        case 'kube-controller-manager':
          return <ControllerManagerPanel id={target.id} />;
        case 'kubelet':
          return <KubeletPanel id={target.id} />;
        case 'containerd':
          return <ContainerdPanel id={target.id} />;
        case 'kube-proxy':
          return <KubeProxyPanel id={target.id} node={target.node} />;
        case 'coredns':
          return <CoreDnsPanel id={target.id} />;
      }
  }
  return <OtherPanel id={target.id} />;
}

/**
 * The inspector for what is selected on the diagram: its live state, and what can be broken
 * there. Close (or Esc) returns the side panel to the narration.
 */
export function Inspector() {
  const store = useSimulationStore();
  const selected = useSimulation(selectSelected);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!selected) return;
    heading.current?.focus();
    const onKey = (e: globalThis.KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && e.target.closest('input, textarea');
      if (e.key === 'Escape' && !typing) store.getState().select(undefined);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selected, store]);

  if (!selected) return null;
  const target = parseTarget(selected);
  return (
    <section className="inspector" aria-labelledby="inspector-title">
      <header className="inspector-header">
        <h2 id="inspector-title" ref={heading} tabIndex={-1}>
          {targetTitle(target)}
        </h2>
        <button
          type="button"
          className="inspector-close"
          aria-label="Close the inspector"
          title="Close (Esc)"
          onClick={() => store.getState().select(undefined)}
        >
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <BreakItMenu key={`menu ${selected}`} target={selected} />
      <PanelFor key={`panel ${selected}`} target={target} />
    </section>
  );
}
