import { useRef } from 'react';

import { scenarioById, scenariosByGroup } from '../../scenarios';
import './ScenarioPicker.css';

/**
 * The scenario picker: a disclosure listing the walkthroughs by group, each with its summary
 * and rough duration; choosing one starts it (on the cluster it needs).
 */
export function ScenarioPicker({
  current,
  onChoose,
}: {
  current: string;
  onChoose: (id: string) => void;
}) {
  const details = useRef<HTMLDetailsElement>(null);
  const choose = (id: string) => {
    details.current?.removeAttribute('open');
    details.current?.querySelector('summary')?.focus();
    onChoose(id);
  };
  return (
    <details
      className="scenario-picker"
      ref={details}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !details.current?.open) return;
        e.stopPropagation();
        details.current.removeAttribute('open');
        details.current.querySelector('summary')?.focus();
      }}
    >
      <summary aria-label={`Scenario: ${scenarioById(current).title}. Choose another`}>
        <span className="muted">Scenario</span>{' '}
        <span className="scenario-current">{scenarioById(current).title}</span>{' '}
        <span aria-hidden="true">▾</span>
      </summary>
      <div className="scenario-menu">
        {scenariosByGroup().map(({ group, scenarios }) => (
          <section key={group} aria-labelledby={`scenario-group-${group.replaceAll(' ', '-')}`}>
            <h2 id={`scenario-group-${group.replaceAll(' ', '-')}`} className="scenario-group">
              {group}
            </h2>
            <ul>
              {scenarios.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    className="scenario-choice"
                    aria-current={s.id === current ? 'true' : undefined}
                    aria-describedby={`scenario-summary-${s.id}`}
                    onClick={() => choose(s.id)}
                  >
                    <span className="scenario-title">{s.title}</span>
                    <span className="scenario-duration">
                      <span className="visually-hidden">, about </span>
                      {s.duration}
                    </span>
                  </button>
                  <p id={`scenario-summary-${s.id}`} className="scenario-summary muted">
                    {s.summary}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </details>
  );
}
