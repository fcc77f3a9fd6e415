import type { Cluster } from '../../engine';
import { podEvents, podTimeline, podYaml } from '../../engine/view';
import { CoreDnsPanel } from './CoreDnsPanel';
import { Section } from './Section';
import { useLiveRead } from './useLiveRead';

function coreDnsProcess(c: Cluster, namespace: string, name: string): string | undefined {
  const ids = c.components().map((p) => p.id);
  if (ids.includes(`pod/${namespace}/${name}`)) return `pod/${namespace}/${name}`;
  const node = (c.get('pods', name, namespace)?.spec as { nodeName?: string } | undefined)
    ?.nodeName;
  return ids.find((id) => id === `coredns@${node}`);
}

/** A pod: its status timeline, its events, and its YAML as `kubectl get -o yaml` prints it. */
export function PodPanel({ namespace, name }: { namespace: string; name: string }) {
  const { yaml, events, timeline, dns } = useLiveRead(
    (c) => ({
      // a CoreDNS pod's server: the pod's own process, or coredns@<its node>
      dns: name.startsWith('coredns-') ? coreDnsProcess(c, namespace, name) : undefined,
      yaml: podYaml(c, namespace, name),
      events: podEvents(c, namespace, name),
      timeline: podTimeline(c, namespace, name),
    }),
    [namespace, name],
  );
  if (yaml === undefined)
    return (
      <p className="muted">
        Pod {namespace}/{name} does not exist (any more).
      </p>
    );
  return (
    <>
      {dns && <CoreDnsPanel id={dns} />}
      <Section title="Status timeline">
        <ol className="timeline" aria-label="Status timeline">
          {timeline.map((m, i) => (
            <li key={i}>
              <span className="mono timeline-at">{(m.at / 1000).toFixed(0)} s</span> {m.what}
            </li>
          ))}
        </ol>
      </Section>
      <Section title={`Events (${events.length})`}>
        {events.length === 0 ? (
          <p className="muted">No events.</p>
        ) : (
          <table className="inspector-table" aria-label="Events">
            <thead>
              <tr>
                <th scope="col">At</th>
                <th scope="col">Type</th>
                <th scope="col">Reason</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e, i) => (
                <tr key={i} className={e.type === 'Warning' ? 'text-bad' : undefined}>
                  <td className="mono">
                    {e.lastAt === undefined ? '' : `${(e.lastAt / 1000).toFixed(0)} s`}
                  </td>
                  <td>{e.type}</td>
                  <td>{e.reason}</td>
                  <td>
                    {e.message}
                    {e.count > 1 ? ` (×${e.count})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="YAML">
        <pre className="code-block" tabIndex={0} aria-label={`kubectl get pod ${name} -o yaml`}>
          {yaml}
        </pre>
      </Section>
    </>
  );
}
