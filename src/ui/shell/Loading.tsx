import type { PageParams } from '../../embed/params';
import './Loading.css';

/**
 * The page's first paint, drawn before the simulation's code has loaded: the final layout's
 * boxes (header, diagram, side panel, bottom strip) at their final sizes, so nothing moves
 * when the real page replaces it. Its controls are inert stand-ins.
 */
export function Loading({ params }: { params: Pick<PageParams, 'embed' | 'present'> }) {
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
        {/* the header's controls as they will be, so the header wraps to its final height */}
        <div className="header-actions" inert>
          <span className="loading-control loading-scenario">
            <span className="muted">Scenario</span> What happens when you create a pod{' '}
            <span aria-hidden="true">▾</span>
          </span>
          <span className="loading-control"># Copy link</span>
          <span className="loading-control">⤓ Export</span>
          <span className="loading-control">▣ Present</span>
          <span className="field">
            <span>Cluster</span>
            <span className="loading-control loading-cluster">1 control plane + 3 workers</span>
          </span>
          <span className="loading-control">☀ Dark theme</span>
          <span className="loading-control">Help</span>
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
