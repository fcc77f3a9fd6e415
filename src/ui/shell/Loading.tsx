import type { PageParams } from '../../embed/params';
import { CLUSTER_CHOICES } from './clusters';
import './ScenarioPicker.css';
import './Loading.css';

/**
 * The page's first paint, drawn before the simulation's code has loaded: the final layout's
 * boxes (header, diagram, side panel, bottom strip) at their final sizes, so nothing moves
 * when the real page replaces it. Its controls are inert stand-ins.
 */
export function Loading({
  params,
}: {
  params: Pick<PageParams, 'embed' | 'present' | 'controlPlanes'>;
}) {
  const status = (
    <p role="status" className="loading-status">
      Loading the simulation…
    </p>
  );
  if (params.embed || params.present)
    return (
      <div className="app app-stage loading" aria-busy="true">
        {status}
      </div>
    );
  return (
    <div className="app loading" aria-busy="true">
      <header className="app-header">
        <div className="brand">
          <h1>k8s-anatomy</h1>
          <p className="tagline">A Kubernetes cluster, one request hop at a time.</p>
        </div>
        {/* the header's controls as they will be (inert, so nothing reacts yet): the same
            elements and classes, so the same styles give the header its final height */}
        <div className="header-actions" inert>
          <details className="scenario-picker">
            <summary>
              <span className="muted">Scenario</span>{' '}
              <span className="scenario-current">What happens when you create a pod</span>{' '}
              <span aria-hidden="true">▾</span>
            </summary>
          </details>
          <button type="button">
            <span aria-hidden="true">#</span> Copy link
          </button>
          <button type="button">
            <span aria-hidden="true">⤓</span> Export
          </button>
          <button type="button">
            <span aria-hidden="true">▣</span> Present
          </button>
          <span className="field">
            <label htmlFor="cluster-select">Cluster</label>
            <select id="cluster-select" defaultValue={params.controlPlanes === 3 ? 'ha' : 'single'}>
              {Object.entries(CLUSTER_CHOICES).map(([value, c]) => (
                <option key={value} value={value}>
                  {c.label}
                </option>
              ))}
            </select>
          </span>
          <button type="button">
            <span aria-hidden="true">☀</span> Dark theme
          </button>
          <details className="help">
            <summary>Help</summary>
          </details>
        </div>
      </header>
      <div className="workspace">
        <main className="main-area">{status}</main>
        <aside className="side-panel" />
        <footer className="bottom-strip">
          <div className="loading-timeline" />
          <div className="playback" />
          <div className="terminal" />
        </footer>
      </div>
    </div>
  );
}
