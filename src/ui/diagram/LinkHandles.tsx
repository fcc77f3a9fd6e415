import { ViewportPortal } from '@xyflow/react';
import { memo } from 'react';

import { pointAt } from './geometry';
import type { PathLine } from './layout';
import type { LinkState } from './link-state';
import { useSelectable } from './useSelectable';

/** The accessible name of a path's link, with its state in words. */
export function linkName(source: string, target: string, state: LinkState = 'ok'): string {
  const suffix = state === 'cut' ? ' (cut)' : state === 'down' ? ' (one end down)' : '';
  return `Link ${source} – ${target}${suffix}`;
}

const LinkHandle = memo(function LinkHandle({ line, state }: { line: PathLine; state: LinkState }) {
  const { selected, props } = useSelectable(`link/${line.path.id}`);
  const mid = pointAt(line.curve, 0.5);
  return (
    <button
      type="button"
      {...props}
      className={`link-handle${selected ? ' is-selected' : ''}`}
      style={{ transform: `translate(${mid.x}px, ${mid.y}px)` }}
      aria-label={linkName(line.path.source, line.path.target, state)}
      title={linkName(line.path.source, line.path.target, state)}
    />
  );
});

/**
 * One small focusable handle at the middle of each path, after the nodes in tab order: Tab
 * reaches every link, Enter or Space chooses it for the inspector (and its failure menu).
 * The pointer uses the path itself; a handle shows only while focused or chosen.
 */
export function LinkHandles({
  lines,
  states,
}: {
  lines: readonly PathLine[];
  states: ReadonlyMap<string, LinkState>;
}) {
  return (
    <ViewportPortal>
      <div className="link-handles" role="group" aria-label="Links">
        {lines.map((l) => (
          <LinkHandle key={l.path.id} line={l} state={states.get(l.path.id) ?? 'ok'} />
        ))}
      </div>
    </ViewportPortal>
  );
}
