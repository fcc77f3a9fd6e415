import { servedRequests } from '../../engine/view';
import { useSimulation } from '../../store';
import type { SimulationState } from '../../store';
import { PipelineStages } from '../hops/PipelineStages';
import { Facts, Section, UpState } from './Section';
import { useLiveRead } from './useLiveRead';

/** How many of the newest requests the panel lists. */
export const SERVED_ROWS = 12;

const selectShowBackground = (s: SimulationState) => s.showBackground;

/** kube-apiserver: the newest requests it answered, with status codes and pipeline stages. */
export function ApiServerPanel({ id }: { id: string }) {
  const showBackground = useSimulation(selectShowBackground);
  const up = useLiveRead(
    (c) =>
      c
        .components()
        .find((p) => p.id === id)
        ?.isUp() ?? false,
    [id],
  );
  const requests = useLiveRead(
    (c) =>
      servedRequests(c.hops(), id, c.now(), SERVED_ROWS * 4)
        .filter((r) => showBackground || !r.background)
        .slice(0, SERVED_ROWS),
    [id, showBackground],
  );
  return (
    <>
      <Section title="Process">
        <Facts rows={[['State', <UpState key="up" up={up} />]]} />
      </Section>
      <Section title="Recent requests">
        {requests.length === 0 ? (
          <p className="muted">No requests answered yet.</p>
        ) : (
          <ol className="served" aria-label="Recent requests, newest first">
            {requests.map((r) => (
              <li key={r.seq} className={r.status >= 400 ? 'text-bad' : undefined}>
                <details>
                  <summary>
                    <span className="mono">
                      {r.verb} {r.path}
                    </span>{' '}
                    → <strong>{r.status}</strong>{' '}
                    <span className="muted">
                      from {r.client} at {(r.at / 1000).toFixed(3)} s
                    </span>
                  </summary>
                  <PipelineStages hop={r} title="Pipeline" />
                </details>
              </li>
            ))}
          </ol>
        )}
      </Section>
    </>
  );
}
