import type { ReactNode } from 'react';

import type { ClusterOptions } from '../../engine';
import { clusterOptionsFor, scenarioById } from '../../scenarios';
import type { ClusterChoice } from './clusters';
import { CLUSTER_CHOICES, choiceOf, clusterLabel, shapeOf } from './clusters';
import { ScenarioPicker } from './ScenarioPicker';

// The select's value for a running shape none of the choices has.
const RUNNING = 'running';

export type Theme = 'light' | 'dark';

/** The page header: name, scenario picker, cluster topology, theme, help. On phones it folds to
 *  two lines: labels are kept for screen readers but drawn as icons (styles.css). */
export function Header(props: {
  /** the chosen scenario's id */
  scenario: string;
  onScenario: (id: string) => void;
  cluster: ClusterChoice;
  onCluster: (c: ClusterChoice) => void;
  /** the cluster the open simulation runs (default: the choice with what the scenario needs) */
  running?: Pick<ClusterOptions, 'controlPlaneNodes' | 'workers'>;
  theme: Theme;
  onTheme: (t: Theme) => void;
  /** more header actions from the page (copy link, presenter mode) */
  extra?: ReactNode;
}) {
  const dark = props.theme === 'dark';
  // the select shows the cluster on screen: a scenario's own shape (ha-control-plane runs 3
  // control planes) or ?workers=N wins over the choice
  const shape = shapeOf(
    props.running ??
      clusterOptionsFor(scenarioById(props.scenario), CLUSTER_CHOICES[props.cluster].options),
  );
  const shown = choiceOf(shape);
  return (
    <header className="app-header">
      <div className="brand">
        <h1>k8s-anatomy</h1>
        <p className="tagline">A Kubernetes cluster, one request hop at a time.</p>
      </div>
      <div className="header-actions">
        <ScenarioPicker current={props.scenario} onChoose={props.onScenario} />
        {props.extra}
        <span className="field">
          <label htmlFor="cluster-select">Cluster</label>
          <select
            id="cluster-select"
            value={shown ?? RUNNING}
            onChange={(e) => {
              if (e.target.value !== RUNNING) props.onCluster(e.target.value as ClusterChoice);
            }}
          >
            {!shown && (
              <option value={RUNNING} disabled>
                {clusterLabel(shape)}
              </option>
            )}
            {Object.entries(CLUSTER_CHOICES).map(([value, c]) => (
              <option key={value} value={value}>
                {c.label}
              </option>
            ))}
          </select>
        </span>
        <button
          type="button"
          aria-pressed={dark}
          onClick={() => props.onTheme(dark ? 'light' : 'dark')}
        >
          <span aria-hidden="true">{dark ? '☾' : '☀'}</span>{' '}
          <span className="header-label">Dark theme</span>
        </button>
        <details className="help">
          <summary>
            <span aria-hidden="true" className="header-icon">
              ?
            </span>
            <span className="header-label">Help</span>
          </summary>
          <div className="help-body">
            <p>
              A deterministic simulation of a whole cluster runs in this page. Every message between
              components is a <strong>hop</strong>; the diagram plays them in slow motion.
            </p>
            <ul>
              <li>
                <kbd>Space</kbd> play or pause · <kbd>→</kbd> step to the next hop
              </li>
              <li>
                Walkthrough: <kbd>N</kbd> or <kbd>PageDown</kbd> next step · <kbd>P</kbd> or{' '}
                <kbd>PageUp</kbd> previous step (presentation clickers work too). Each step plays
                until the engine reaches it, then pauses.
              </li>
              <li>Type kubectl commands in the terminal; ↑/↓ recall earlier ones.</li>
              <li>Choose a hop in the log to see its details and the apiserver's stages.</li>
              <li>
                Click a node, component, pod or line (or <kbd>Tab</kbd> to it and press{' '}
                <kbd>Enter</kbd>) to inspect it and break it: power off, kill, cut a link ✂.
              </li>
              <li>Red hops with ✕ failed: dropped, refused or answered with an error.</li>
            </ul>
          </div>
        </details>
      </div>
    </header>
  );
}
