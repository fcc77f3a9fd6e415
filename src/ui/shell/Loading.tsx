import type { PageParams } from '../../embed/params';
import { CLUSTER_CHOICES } from './clusters';
import './ScenarioPicker.css';
import './Loading.css';

/**
 * The default walkthrough's invitation (src/scenarios/create-pod.ts, kept equal by its test),
 * here so the first paint can show it without loading the scenarios: it is the page's largest
 * text, and painting it first makes the largest contentful paint the first paint.
 */
export const FIRST_INVITATION = {
  scenario: 'create-pod',
  title: 'What happens when you create a pod',
  invitation: 'Create a pod and watch what happens',
  intro:
    'The walkthrough applies this Pod and follows it hop by hop, from kubectl to a running container, pausing at each step.',
  startLabel: 'Create the pod',
  manifest: `apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  containers:
  - name: nginx
    image: nginx:1.27
`,
};

/** Whether the page opens on the default walkthrough's invitation: no other scenario asked
 *  for, and no shared link (whose state the app restores). */
export function opensOnInvitation(params: Pick<PageParams, 'scenario'>, hash: string): boolean {
  return (params.scenario ?? FIRST_INVITATION.scenario) === FIRST_INVITATION.scenario && !hash;
}

/** The diagram's stand-in while the simulation loads. */
export function LoadingStatus() {
  return (
    <p role="status" className="loading-status">
      Loading the simulation…
    </p>
  );
}

/** The bottom strip's boxes (timeline, playback, terminal) at their final sizes. */
export function StripPlaceholder() {
  return (
    <>
      <div className="loading-timeline" />
      <div className="playback" />
      <div className="terminal" />
    </>
  );
}

/** The side panel's invitation as the narration panel shows it, inert until the app loads. */
function InvitationPlaceholder() {
  const i = FIRST_INVITATION;
  return (
    <section className="narration invitation" inert>
      <h2>{i.invitation}</h2>
      <p>{i.intro}</p>
      <pre className="manifest">{i.manifest}</pre>
      <button type="button" className="primary">
        {i.startLabel}
      </button>
      <p className="muted keys-hint">
        <kbd>N</kbd> or <kbd>PageDown</kbd> starts it and goes to the next step, <kbd>P</kbd> or{' '}
        <kbd>PageUp</kbd> back
      </p>
    </section>
  );
}

/**
 * The page's first paint, drawn before the simulation's code has loaded: the final layout's
 * boxes (header, diagram, side panel, bottom strip) at their final sizes, so nothing moves
 * when the real page replaces it. Its controls are inert stand-ins.
 */
export function Loading({
  params,
  invitation = false,
}: {
  params: Pick<PageParams, 'embed' | 'present' | 'controlPlanes'>;
  /** show the default walkthrough's invitation in the side panel (opensOnInvitation) */
  invitation?: boolean;
}) {
  if (params.embed || params.present)
    return (
      <div className="app app-stage loading" aria-busy="true">
        <LoadingStatus />
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
              <span className="scenario-current">{FIRST_INVITATION.title}</span>{' '}
              <span aria-hidden="true">▾</span>
            </summary>
          </details>
          <span className="copy-link">
            <button type="button">
              <span aria-hidden="true">#</span> Copy link
            </button>
          </span>
          <span className="export-menu">
            <button type="button">
              <span aria-hidden="true">⤓</span> Export
            </button>
          </span>
          <button type="button" title="Presenter mode">
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
            {/* main.tsx set the first paint's theme */}
            <span aria-hidden="true">
              {document.documentElement.dataset.theme === 'dark' ? '☾' : '☀'}
            </span>{' '}
            <span className="header-label">Dark theme</span>
          </button>
          <details className="help">
            <summary>
              <span aria-hidden="true" className="header-icon">
                ?
              </span>
              <span className="header-label">Help</span>
            </summary>
          </details>
        </div>
      </header>
      <div className="workspace">
        <main className="main-area">
          <LoadingStatus />
        </main>
        <aside className="side-panel">
          {invitation && (
            <>
              <button type="button" className="panel-toggle" inert>
                <span aria-hidden="true">»</span>
              </button>
              <InvitationPlaceholder />
            </>
          )}
        </aside>
        <footer className="bottom-strip">
          <button type="button" className="strip-toggle" inert>
            <span aria-hidden="true">▸</span> Playback and terminal
          </button>
          <div className="bottom-strip-body">
            <StripPlaceholder />
          </div>
        </footer>
      </div>
    </div>
  );
}
