import './export.css';

import { useState } from 'react';

import { useMenuButton } from '../menu/useMenuButton';

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
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const menu = useMenuButton();
  const { open, menuId, button, close } = menu;
  const prepare = () => {
    setStatus('');
    return FORMATS.length;
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
        onClick={() => (open ? close() : menu.openMenu('first', prepare()))}
        onKeyDown={(e) => menu.onButtonKey(e, prepare)}
      >
        <span aria-hidden="true">⤓</span> Export
      </button>
      {open && (
        <ul id={menuId} role="menu" aria-label="Export the diagram" onKeyDown={menu.onMenuKey}>
          {FORMATS.map((f, i) => (
            <li key={f.format} role="none">
              <button
                ref={menu.itemRef(i)}
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
