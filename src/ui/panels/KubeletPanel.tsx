import { kubeletState } from '../../engine/view';
import { useSimulationStore } from '../../store';
import { Conditions } from './Conditions';
import { Ago, Facts, Section, UpState } from './Section';
import { useLiveRead } from './useLiveRead';

/** kubelet: the node's pods, its Lease heartbeat and the conditions it reports. */
export function KubeletPanel({ id }: { id: string }) {
  const store = useSimulationStore();
  const read = useLiveRead((c) => ({ k: kubeletState(c, id), now: c.now() }), [id]);
  const { k, now } = read;
  if (!k) return <p className="muted">No kubelet {id}.</p>;
  return (
    <>
      <Section title="Node agent">
        <Facts
          rows={[
            ['Process', <UpState key="up" up={k.up} />],
            ['Node registered', k.registered ? 'yes' : 'not yet'],
            ['Lease renewed', <Ago key="lease" at={k.leaseRenewedAt} now={now} />],
            ['Lease duration', k.leaseDurationSeconds ? `${k.leaseDurationSeconds} s` : '—'],
          ]}
        />
      </Section>
      <Section title={`Pods (${k.pods.length})`}>
        <ul className="inspector-list" aria-label="Pods on this node">
          {k.pods.map((p) => (
            <li key={`${p.namespace}/${p.name}`}>
              <button
                type="button"
                className="link-button"
                onClick={() => store.getState().select(`pod/${p.namespace}/${p.name}`)}
              >
                {p.namespace}/{p.name}
              </button>{' '}
              {p.deleting ? 'Terminating' : p.phase}
              {!p.running && <span className="muted"> (no pod worker)</span>}
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Node conditions">
        <Conditions conditions={k.conditions} now={now} />
      </Section>
    </>
  );
}
