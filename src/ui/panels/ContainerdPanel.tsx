import { containerdState } from '../../engine/view';
import { Facts, Section, UpState } from './Section';
import { useLiveRead } from './useLiveRead';

const STATE_ICON: Record<string, string> = {
  CONTAINER_RUNNING: '●',
  CONTAINER_CREATED: '◌',
  CONTAINER_EXITED: '■',
  SANDBOX_READY: '●',
  SANDBOX_NOTREADY: '■',
};

function formatSize(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(0)} kB`;
}

/** containerd: pod sandboxes, containers with their states (as crictl lists them), images. */
export function ContainerdPanel({ id }: { id: string }) {
  const s = useLiveRead((c) => containerdState(c, id), [id]);
  if (!s) return <p className="muted">No container runtime {id}.</p>;
  return (
    <>
      <Section title="Runtime">
        <Facts rows={[['Process', <UpState key="up" up={s.up} />]]} />
      </Section>
      <Section title={`Pod sandboxes (${s.sandboxes.length})`}>
        <table className="inspector-table" aria-label="Pod sandboxes">
          <thead>
            <tr>
              <th scope="col">Pod</th>
              <th scope="col">State</th>
              <th scope="col">IP</th>
            </tr>
          </thead>
          <tbody>
            {s.sandboxes.map((b) => (
              <tr key={b.id}>
                <th scope="row" className="mono">
                  {b.pod}
                </th>
                <td>
                  <span aria-hidden="true">{STATE_ICON[b.state]} </span>
                  {b.state}
                </td>
                <td className="mono">{b.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={`Containers (${s.containers.length})`}>
        <table className="inspector-table" aria-label="Containers">
          <thead>
            <tr>
              <th scope="col">Container</th>
              <th scope="col">State</th>
              <th scope="col">Attempt</th>
            </tr>
          </thead>
          <tbody>
            {s.containers.map((ct) => (
              <tr key={ct.id}>
                <th scope="row">
                  {ct.name} <span className="muted mono">{ct.pod}</span>
                </th>
                <td
                  className={
                    ct.state === 'CONTAINER_EXITED' && ct.exitCode ? 'text-bad' : undefined
                  }
                >
                  <span aria-hidden="true">{STATE_ICON[ct.state]} </span>
                  {ct.state}
                  {ct.state === 'CONTAINER_EXITED' && ` (${ct.reason || 'exit'} ${ct.exitCode})`}
                </td>
                <td>{ct.attempt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={`Images (${s.images.length})`}>
        <ul className="inspector-list mono" aria-label="Images">
          {s.images.map((img) => (
            <li key={img.id}>
              {img.repoTags.join(', ')} <span className="muted">{formatSize(img.size)}</span>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
