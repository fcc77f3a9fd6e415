import type { SchedulingAttempt } from '../../store';

/**
 * The scheduler's decision for one pod, per node: the Filter outcome (the plugin and reason
 * that rejected it), the total score with each Score plugin's normalized × weight, and the
 * chosen node (★).
 */
export function SchedulingTable({ attempt }: { attempt: SchedulingAttempt }) {
  return (
    <div className="scheduling">
      <h3>
        How {attempt.scheduler.split('@')[0]} chose a node
        {attempt.attempt > 1 && <> (attempt {attempt.attempt})</>}
      </h3>
      <table aria-label="Scheduling decision">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Filter</th>
            <th scope="col">Score</th>
          </tr>
        </thead>
        {attempt.filter.map((f) => {
          const score = attempt.scores.find((s) => s.node === f.node);
          const chosen = f.node === attempt.chosenNode;
          const passed = f.code === 'Success';
          return (
            <tbody key={f.node} className={chosen ? 'is-chosen' : undefined}>
              <tr>
                <th scope="row">
                  {chosen && <span aria-label="chosen: ">★ </span>}
                  {f.node}
                </th>
                <td className={passed ? 'ok' : 'bad'}>
                  <span aria-hidden="true">{passed ? '✓ ' : '✕ '}</span>
                  {passed ? 'passes' : f.plugin}
                </td>
                <td>
                  <strong>{score ? score.total : '—'}</strong>
                </td>
              </tr>
              <tr className="scheduling-detail">
                <td colSpan={3} className={passed ? undefined : 'bad'}>
                  {passed
                    ? score
                      ? score.plugins
                          .map((p) => `${p.plugin} ${p.normalized}×${p.weight} = ${p.weighted}`)
                          .join(' · ')
                      : 'not scored'
                    : f.reasons.join('; ')}
                </td>
              </tr>
            </tbody>
          );
        })}
      </table>
      <p className="muted scheduling-note">
        {attempt.scores.length > 0
          ? 'Total = Σ normalized score × plugin weight; the highest total wins.'
          : 'Only one node passed Filter, so scoring was skipped.'}{' '}
        Chosen: <strong>{attempt.chosenNode ?? 'none'}</strong>.
      </p>
    </div>
  );
}
