import type { KeyboardEvent } from 'react';
import { useEffect, useRef, useState } from 'react';

import { useSimulation, useSimulationStore } from '../../store';
import type { SimulationState, TerminalEntry } from '../../store';

const selectTerminal = (s: SimulationState) => s.terminal;
const selectPlaying = (s: SimulationState) => s.playing || s.stepTarget !== undefined;

/** `kubectl get pods` and `get pods` both run `get pods`. */
export function commandOf(line: string): string {
  return line.trim().replace(/^kubectl\s+/, '');
}

function Entry({ entry, playing }: { entry: TerminalEntry; playing: boolean }) {
  return (
    <li className="terminal-entry">
      <div className="terminal-command">
        <span aria-hidden="true">$ </span>
        {entry.shown ?? `kubectl ${entry.command}`}
      </div>
      {entry.done ? (
        <>
          {entry.stdout && <pre className="terminal-stdout">{entry.stdout}</pre>}
          {entry.stderr && (
            <pre className="terminal-error" role="alert">
              {entry.stderr}
            </pre>
          )}
        </>
      ) : (
        <div className="terminal-waiting">
          … waiting for the response{playing ? '' : ' (paused: press Play or Step)'}
        </div>
      )}
    </li>
  );
}

/** A small kubectl terminal over the simulated cluster, with ↑/↓ history. */
export function Terminal() {
  const store = useSimulationStore();
  const entries = useSimulation(selectTerminal);
  const playing = useSimulation(selectPlaying);
  const [line, setLine] = useState('');
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const outputRef = useRef<HTMLOListElement>(null);
  const last = entries.at(-1);

  useEffect(() => {
    const el = outputRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries.length, last?.done]);

  const submit = () => {
    const command = commandOf(line);
    if (!command) return;
    store.getState().kubectl(command);
    setLine('');
    setCursor(undefined);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    if (entries.length === 0) return;
    const from = cursor ?? entries.length;
    const next = e.key === 'ArrowUp' ? Math.max(0, from - 1) : from + 1;
    if (next >= entries.length) {
      setCursor(undefined);
      setLine('');
    } else {
      setCursor(next);
      setLine(entries[next].command);
    }
  };

  return (
    <section className="terminal" aria-label="kubectl terminal">
      <ol
        className="terminal-output"
        ref={outputRef}
        aria-label="Terminal output"
        aria-live="polite"
      >
        {entries.length === 0 && (
          <li className="terminal-hint">Try: get nodes · run nginx --image=nginx · get pods</li>
        )}
        {entries.map((e) => (
          <Entry key={e.id} entry={e} playing={playing} />
        ))}
      </ol>
      <form
        className="terminal-input"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label htmlFor="kubectl-input" className="terminal-prompt">
          $ kubectl
        </label>
        <input
          id="kubectl-input"
          value={line}
          onChange={(e) => setLine(e.target.value)}
          onKeyDown={onKeyDown}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          placeholder="get nodes"
          aria-label="kubectl command"
        />
        <button type="submit">Run</button>
      </form>
    </section>
  );
}
