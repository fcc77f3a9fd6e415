import { ViewportPortal } from '@xyflow/react';
import { memo, useState } from 'react';

import { markPoint, svgPath } from './geometry';
import type { PathLine } from './layout';
import type { LinkState } from './link-state';
import { useSelectable } from './useSelectable';

/** The accessible name of a path's link, with its state in words. */
export function linkName(source: string, target: string, state: LinkState = 'ok'): string {
  const suffix = state === 'cut' ? ' (cut)' : state === 'down' ? ' (one end down)' : '';
  return `Link ${source} – ${target}${suffix}`;
}

const LinkHandle = memo(function LinkHandle({
  line,
  state,
  onFocusChange,
}: {
  line: PathLine;
  state: LinkState;
  onFocusChange: (id: string | undefined) => void;
}) {
  const { selected, props } = useSelectable(`link/${line.path.id}`);
  const mid = markPoint(line.curve);
  return (
    <button
      type="button"
      {...props}
      className={`link-handle${selected ? ' is-selected' : ''}`}
      style={{ transform: `translate(${mid.x}px, ${mid.y}px)` }}
      aria-label={linkName(line.path.source, line.path.target, state)}
      title={linkName(line.path.source, line.path.target, state)}
      onFocus={() => onFocusChange(line.path.id)}
      onBlur={() => onFocusChange(undefined)}
    />
  );
});

/**
 * One small focusable handle at the middle of each path, after the nodes in tab order: Tab
 * reaches every link, Enter or Space chooses it for the inspector (and its failure menu).
 * The pointer uses the path itself; a handle shows only while focused or chosen, and the
 * focused one's whole path is traced, since several paths may share a trunk.
 */
export function LinkHandles({
  lines,
  states,
}: {
  lines: readonly PathLine[];
  states: ReadonlyMap<string, LinkState>;
}) {
  const [focused, setFocused] = useState<string>();
  const trace = focused ? lines.find((l) => l.path.id === focused) : undefined;
  return (
    <ViewportPortal>
      {trace && (
        <svg className="link-focus-layer" aria-hidden="true">
          <path className="link-focus-path" d={svgPath(trace.curve)} />
        </svg>
      )}
      <div className="link-handles" role="group" aria-label="Links">
        {lines.map((l) => (
          <LinkHandle
            key={l.path.id}
            line={l}
            state={states.get(l.path.id) ?? 'ok'}
            onFocusChange={setFocused}
          />
        ))}
      </div>
    </ViewportPortal>
  );
}
