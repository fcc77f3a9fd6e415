import type { ReactNode } from 'react';

/** A titled part of a panel. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="inspector-section" aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** Term–value pairs, in order. */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Up or down, in words and with an icon (not colour alone). */
export function UpState({ up, downText = 'down' }: { up: boolean; downText?: string }) {
  return (
    <span className={up ? 'text-ok' : 'text-bad'}>
      <span aria-hidden="true">{up ? '● ' : '✕ '}</span>
      {up ? 'running' : downText}
    </span>
  );
}

/** A virtual time, and how long before `now` it was. */
export function Ago({ at, now }: { at: number | undefined; now: number }) {
  if (at === undefined) return <span className="muted">never</span>;
  return (
    <span>
      {(at / 1000).toFixed(1)} s{' '}
      <span className="muted">({((now - at) / 1000).toFixed(1)} s ago)</span>
    </span>
  );
}
