import { controllerManagerState } from '../../engine/view';
import { Facts, Section, UpState } from './Section';
import { useLiveRead } from './useLiveRead';

/** kube-controller-manager: leader or standby, its controllers and their queue depths. */
export function ControllerManagerPanel({ id }: { id: string }) {
  const s = useLiveRead((c) => controllerManagerState(c, id), [id]);
  if (!s) return <p className="muted">No controller manager {id}.</p>;
  return (
    <>
      <Section title="Leader election">
        <Facts
          rows={[
            ['Process', <UpState key="up" up={s.up} />],
            ['Role', s.leader ? '★ leader (holds the kube-controller-manager Lease)' : 'standby'],
            [
              'Lease holder',
              <span key="h" className="mono">
                {s.lease.holderIdentity ?? 'none'}
              </span>,
            ],
          ]}
        />
      </Section>
      <Section title="Controllers">
        {s.controllers.length === 0 ? (
          <p className="muted">
            {s.up
              ? 'Standing by: only the holder of the lease runs controllers.'
              : 'Not running: no controller reconciles from this instance.'}
          </p>
        ) : (
          <table className="inspector-table" aria-label="Controllers and their work queues">
            <thead>
              <tr>
                <th scope="col">Controller</th>
                <th scope="col">Queue</th>
                <th scope="col">Depth</th>
              </tr>
            </thead>
            <tbody>
              {s.controllers.map((ctl) =>
                (ctl.queues.length ? ctl.queues : [undefined]).map((q, i) => (
                  <tr key={`${ctl.name}/${q?.name ?? ''}`}>
                    {i === 0 && (
                      <th scope="row" rowSpan={Math.max(1, ctl.queues.length)}>
                        {ctl.name}
                      </th>
                    )}
                    <td className="mono">{q?.name ?? '—'}</td>
                    <td>{q?.depth ?? '—'}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
