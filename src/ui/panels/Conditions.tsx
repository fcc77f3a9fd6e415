import type { NodeCondition } from '../../engine/view';

/** A Node's conditions as `kubectl describe node` lists them (status with an icon). */
export function Conditions({ conditions, now }: { conditions: NodeCondition[]; now: number }) {
  if (conditions.length === 0) return <p className="muted">No conditions reported yet.</p>;
  return (
    <table className="inspector-table" aria-label="Node conditions">
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col">Status</th>
          <th scope="col">Reason</th>
          <th scope="col">Heartbeat</th>
        </tr>
      </thead>
      <tbody>
        {conditions.map((cond) => {
          // Ready should be True; the pressure conditions should be False
          const healthy = cond.type === 'Ready' ? cond.status === 'True' : cond.status === 'False';
          return (
            <tr key={cond.type}>
              <th scope="row">{cond.type}</th>
              <td className={healthy ? 'text-ok' : 'text-bad'}>
                <span aria-hidden="true">
                  {healthy ? '✓ ' : cond.status === 'Unknown' ? '? ' : '✕ '}
                </span>
                {cond.status}
              </td>
              <td>{cond.reason ?? ''}</td>
              <td>
                {cond.lastHeartbeatAt === undefined
                  ? '—'
                  : `${Math.max(0, (now - cond.lastHeartbeatAt) / 1000).toFixed(0)} s ago`}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
