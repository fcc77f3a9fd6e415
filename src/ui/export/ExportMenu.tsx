import type { KeyboardEvent } from 'react';
import { useEffect, useId, useRef, useState } from 'react';

import './export.css';

/** What the page hands the menu at the moment of export. */
export interface ExportSubject {
  /** the diagram's region on the page */
  diagram: HTMLElement;
  caption: string;
  /** the file name without its extension */
  name: string;
  /** stops the view from moving while it is drawn; returns what lets it move on */
  hold: () => () => void;
}

const FORMATS = [
  { format: 'png', label: 'PNG image (1920×1080)' },
  { format: 'svg', label: 'SVG image (1920×1080)' },
] as const;
type Format = (typeof FORMATS)[number]['format'];

/** Draws and downloads the export; the drawing code loads only now (not in the first bundle). */
async function exportAs(format: Format, subject: ExportSubject): Promise<string> {
  const { renderPng, renderSvg, download } = await import('./render');
  const request = { diagram: subject.diagram, caption: subject.caption };
  // the drawing copies the page in several passes: they must all see the same moment
  const release = subject.hold();
  try {
    await nextFrame();
    const blob = format === 'png' ? await renderPng(request) : await renderSvg(request);
    const file = `${subject.name}.${format}`;
    download(blob, file);
    return file;
  } finally {
    release();
  }
}

/** Resolves once the page has painted what is pending. */
function nextFrame(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
  );
}

/**
 * "Export": a menu button offering the diagram as PNG or SVG at projector resolution, with the
 * theme's background and a caption of the scenario and step. Arrow keys, Home and End move,
 * Enter chooses, Esc closes and returns to the button (the WAI-ARIA menu button pattern).
 */
export function ExportMenu({ subject }: { subject: () => ExportSubject | undefined }) {
  const [open, setOpen] = useState(false);
  const [initialFocus, setInitialFocus] = useState(0);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const menuId = useId();
  useEffect(() => {
    if (open) items.current[initialFocus]?.focus();
  }, [open, initialFocus]);

  const openMenu = (focus: number) => {
    setInitialFocus(focus);
    setOpen(true);
    setStatus('');
  };
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const choose = (format: Format) => {
    close();
    const current = subject();
    if (!current) {
      setStatus('There is no diagram to export.');
      return;
    }
    setBusy(true);
    setStatus(`Exporting ${format.toUpperCase()}…`);
    exportAs(format, current)
      .then(
        (file) => setStatus(`Exported ${file}`),
        (e: unknown) => setStatus(`Export failed: ${e instanceof Error ? e.message : String(e)}`),
      )
      .finally(() => setBusy(false));
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const n = FORMATS.length;
    const at = items.current.findIndex((el) => el === document.activeElement);
    const focusItem = (i: number) => items.current[i]?.focus();
    const keys: Record<string, () => void> = {
      ArrowDown: () => focusItem((at + 1) % n),
      ArrowUp: () => focusItem((at - 1 + n) % n),
      Home: () => focusItem(0),
      End: () => focusItem(n - 1),
      Escape: close,
      Tab: () => setOpen(false),
    };
    const act = keys[e.key];
    if (!act) return;
    if (e.key !== 'Tab') e.preventDefault();
    e.stopPropagation();
    act();
  };

  return (
    <span className="export-menu">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-busy={busy || undefined}
        title="Export the diagram as an image"
        onClick={() => (open ? close() : openMenu(0))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            openMenu(e.key === 'ArrowDown' ? 0 : FORMATS.length - 1);
          }
        }}
      >
        <span aria-hidden="true">⤓</span> Export
      </button>
      {open && (
        <ul id={menuId} role="menu" aria-label="Export the diagram" onKeyDown={onMenuKey}>
          {FORMATS.map((f, i) => (
            <li key={f.format} role="none">
              <button
                ref={(el) => void (items.current[i] = el)}
                type="button"
                role="menuitem"
                tabIndex={-1}
                onClick={() => choose(f.format)}
              >
                {f.label}
              </button>
            </li>
          ))}
        </ul>
      )}
      <span role="status" className="export-status">
        {status}
      </span>
    </span>
  );
}
