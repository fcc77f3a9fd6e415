import type { Hop } from '../../engine';

/** The apiserver's pipeline stages as one line: `authentication ✓ authorization ✓ …`. */
export function stagesLine(hop: Pick<Hop, 'stages'>): string {
  return (hop.stages ?? []).map((s) => `${s.name} ${s.ok ? '✓' : '✕'}`).join('  ');
}

/** A response hop's pipeline stages: the one-line summary, then each stage with its detail. */
export function PipelineStages({ hop, title }: { hop: Pick<Hop, 'stages'>; title: string }) {
  if (!hop.stages || hop.stages.length === 0) return null;
  return (
    <div className="stages">
      <h3>{title}</h3>
      <p className="stages-line" aria-label="Pipeline stages">
        {stagesLine(hop)}
      </p>
      <ol>
        {hop.stages.map((s) => (
          <li key={s.name} className={s.ok ? '' : 'text-bad'}>
            <strong>
              <span aria-hidden="true">{s.ok ? '✓' : '✕'}</span> {s.name}
            </strong>
            {s.detail ? `: ${s.detail}` : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}
