import { schedulerState } from '../../engine/view';
import { SchedulingTable } from '../walkthrough/SchedulingTable';
import { Facts, Section, UpState } from './Section';
import { useLiveRead } from './useLiveRead';

function QueuePart({ label, pods }: { label: string; pods: string[] }) {
  return (
    <span>
      <strong>{pods.length}</strong>
      {pods.length > 0 && <span className="muted mono"> {pods.slice(0, 3).join(', ')}</span>}
      <span className="visually-hidden"> in {label}</span>
    </span>
  );
}

/** kube-scheduler: leader or standby, its three queues, its newest decisions per node. */
export function SchedulerPanel({ id }: { id: string }) {
  const s = useLiveRead((c) => schedulerState(c, id), [id]);
  if (!s) return <p className="muted">No scheduler {id}.</p>;
  return (
    <>
      <Section title="Leader election">
        <Facts
          rows={[
            ['Process', <UpState key="up" up={s.up} />],
            ['Role', s.leader ? '★ leader (holds the kube-scheduler Lease)' : 'standby'],
            [
              'Lease holder',
              <span key="h" className="mono">
                {s.lease.holderIdentity ?? 'none'}
              </span>,
            ],
          ]}
        />
      </Section>
      <Section title="Scheduling queue">
        <Facts
          rows={[
            ['activeQ', <QueuePart key="a" label="activeQ" pods={s.activeQ} />],
            ['backoffQ', <QueuePart key="b" label="backoffQ" pods={s.backoffQ} />],
            [
              'unschedulable',
              <QueuePart key="u" label="unschedulablePods" pods={s.unschedulable} />,
            ],
          ]}
        />
      </Section>
      <Section title="Last decisions">
        {s.decisions.length === 0 ? (
          <p className="muted">No scheduling attempts yet.</p>
        ) : (
          s.decisions.map((d) => (
            <div key={`${d.pod}#${d.attempt}`} className="decision">
              <p>
                <strong className="mono">{d.pod}</strong> at {(d.at / 1000).toFixed(3)} s:{' '}
                {d.result === 'Scheduled' ? `bound to ${d.chosenNode}` : d.result}
              </p>
              <SchedulingTable attempt={d} />
            </div>
          ))
        )}
      </Section>
    </>
  );
}
