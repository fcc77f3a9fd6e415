import { useCallback } from 'react';

import type { LinkView } from '../../engine/view';
import { linkView } from '../../engine/view';
import type { SimulationState } from '../../store';
import { useSimulation } from '../../store';
import { hostOf } from '../diagram/link-state';
import { Facts, Section } from './Section';
import { useLiveRead } from './useLiveRead';

// a cut drawn between two hosts names the hosts themselves
const onHost = (end: string, host: string) => (end === host ? host : `${end} on ${host}`);

/** The link's state in words, with an icon (not colour alone). */
function linkWords(l: LinkView): string {
  const [a, b] = l.hosts;
  if (l.poweredOff.length > 0) return `✕ ${l.poweredOff.join(' and ')} powered off`;
  if (l.medium === 'loopback') return `● loopback inside ${a} (127.0.0.1)`;
  if (l.medium === 'unix-socket') return `● unix socket inside ${a}`;
  if (l.cut) return `✂ cut: every packet between ${a} and ${b} is dropped, both ways`;
  if (l.partitioned.length > 0)
    return `✂ ${l.partitioned.join(' and ')} partitioned from the network`;
  return `● up (${a} ↔ ${b})`;
}

/** A communication path's link: its two ends and hosts, whether the cable is cut, and which
 *  other paths share the same cable (a cut drops them all). */
export function LinkPanel({ path }: { path: string }) {
  const l = useLiveRead((c) => linkView(c, path), [path]);
  const sharing = useSimulation(
    useCallback(
      (s: SimulationState) => {
        if (!l || l.medium !== 'network') return '';
        const [a, b] = l.hosts;
        return s.paths
          .filter((p) => {
            const x = hostOf(p.source, s.topology);
            const y = hostOf(p.target, s.topology);
            return p.id !== path && ((x === a && y === b) || (x === b && y === a));
          })
          .map((p) => `${p.source} → ${p.target}`)
          .join(', ');
      },
      [l, path],
    ),
  );
  if (!l) return <p className="muted">No path {path}.</p>;
  return (
    <Section title="Link">
      <Facts
        rows={[
          ['From', onHost(l.source, l.hosts[0])],
          ['To', onHost(l.target, l.hosts[1])],
          ['Link', linkWords(l)],
          ...(l.medium === 'network'
            ? ([['Same cable', sharing || 'no other path']] as [string, string][])
            : []),
        ]}
      />
    </Section>
  );
}
