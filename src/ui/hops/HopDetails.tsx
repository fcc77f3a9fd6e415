import type { Hop } from '../../engine';
import { useSimulation } from '../../store';
import type { SimulationState } from '../../store';
import { formatVirtualTime } from '../playback/format';
import { PipelineStages } from './PipelineStages';

export { stagesLine } from './PipelineStages';

const selectSelectedHop = (s: SimulationState): Hop | undefined =>
  s.selectedSeq === undefined ? undefined : s.log.find((h) => h.seq === s.selectedSeq);

/** Everything the engine recorded about the chosen hop. */
export function HopDetails() {
  const hop = useSimulation(selectSelectedHop);
  if (!hop)
    return (
      <section className="hop-details" aria-label="Hop details">
        <p className="muted">Choose a hop in the log to see its details.</p>
      </section>
    );
  return (
    <section className="hop-details" aria-labelledby="hop-details-title">
      <h2 id="hop-details-title">
        Hop #{hop.seq}: {hop.verb}
      </h2>
      <p className="hop-summary">{hop.summary}</p>
      <dl>
        <dt>From</dt>
        <dd>{hop.from}</dd>
        <dt>To</dt>
        <dd>{hop.to}</dd>
        <dt>Resource</dt>
        <dd className="mono">{hop.resource}</dd>
        <dt>Outcome</dt>
        <dd className={hop.outcome === 'delivered' ? '' : 'text-bad'}>
          <span aria-hidden="true">{hop.outcome === 'delivered' ? '✓ ' : '✕ '}</span>
          {hop.outcome}
          {hop.status !== undefined ? ` (HTTP ${hop.status})` : ''}
        </dd>
        <dt>Sent → delivered</dt>
        <dd>
          {formatVirtualTime(hop.sentAt)} → {formatVirtualTime(hop.deliveredAt)}
        </dd>
        {hop.trace && (
          <>
            <dt>Trace</dt>
            <dd className="mono">
              {hop.trace}
              {hop.background ? ' (background)' : ''}
            </dd>
          </>
        )}
      </dl>
      <PipelineStages hop={hop} title="Request pipeline" />
    </section>
  );
}
