import { nodeFiles, nodeState } from '../../engine/view';
import { Conditions } from './Conditions';
import { NodeFiles } from './NodeFiles';
import { Facts, Section } from './Section';
import { useLiveRead } from './useLiveRead';

function Resources({ list }: { list: Record<string, string> }) {
  const keys = ['cpu', 'memory', 'pods', 'ephemeral-storage'].filter((k) => k in list);
  if (keys.length === 0) return <span className="muted">not reported yet</span>;
  return <span className="mono">{keys.map((k) => `${k} ${list[k]}`).join(' · ')}</span>;
}

/** A machine: host state, capacity and allocatable, taints, conditions, kubeadm's files. */
export function NodePanel({ name }: { name: string }) {
  const { n, now } = useLiveRead((c) => ({ n: nodeState(c, name), now: c.now() }), [name]);
  const files = useLiveRead((c) => nodeFiles(c, name), [name]);
  if (!n) return <p className="muted">No node {name}.</p>;
  const host = !n.up ? '✕ powered off' : n.partitioned ? '⚡ partitioned from the network' : '● up';
  return (
    <>
      <Section title="Machine">
        <Facts
          rows={[
            ['Role', n.role],
            [
              'Address',
              <span key="ip" className="mono">
                {n.ip}
              </span>,
            ],
            ['Host', host],
            ['Schedulable', n.unschedulable ? 'no (cordoned)' : 'yes'],
            [
              'Pod CIDR',
              <span key="cidr" className="mono">
                {n.podCIDR ?? 'none yet'}
              </span>,
            ],
            ['Capacity', <Resources key="cap" list={n.capacity} />],
            ['Allocatable', <Resources key="alloc" list={n.allocatable} />],
          ]}
        />
      </Section>
      <Section title="Taints">
        {n.taints.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul className="inspector-list mono" aria-label="Taints">
            {n.taints.map((t) => (
              <li key={`${t.key}:${t.effect}`}>
                {t.key}
                {t.value ? `=${t.value}` : ''}:{t.effect}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Conditions">
        <Conditions conditions={n.conditions} now={now} />
      </Section>
      <Section title="Files">
        <NodeFiles files={files} />
      </Section>
    </>
  );
}
