import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';

import { SHARE_LIMITS as L } from './limits';
import { Refusal } from './reader';
import type { SharedView } from './shared-view';
import type { KnownScenarios } from './wire';
import { fromWire, toWire } from './wire';

/** What a link's fragment held: nothing to restore, a view, or something refused (and why). */
export type LinkReading =
  | { kind: 'none' }
  | { kind: 'view'; view: SharedView; ignored: string[] }
  | { kind: 'refused'; reason: string };

/** The fragment parameter that carries the state: `#s=<lz-string>`. */
export const SHARE_PARAM = 's';

/** Encodes a view for the `s` fragment parameter (URL-safe, no escaping needed). */
export function encodeSharedView(view: SharedView): string {
  return compressToEncodedURIComponent(JSON.stringify(toWire(view)));
}

/**
 * Decodes an `s` parameter. Never throws: anything malformed, truncated, oversized or hostile
 * comes back as `refused` with a short reason for the notice.
 *
 *   decodeSharedView(encodeSharedView(view), SCENARIOS) // { kind: 'view', view, ignored: [] }
 */
export function decodeSharedView(encoded: string, scenarios: KnownScenarios): LinkReading {
  try {
    if (encoded.length > L.fragmentChars) return refused('the link is too long');
    if (!/^[A-Za-z0-9+\-$]*$/.test(encoded))
      return refused('the link has characters it cannot have');
    let json: string | null;
    try {
      json = decompressFromEncodedURIComponent(encoded);
    } catch {
      json = null;
    }
    if (!json) return refused('the link is damaged or cut short');
    if (json.length > L.jsonChars) return refused('the link holds too much');
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return refused('the link is damaged or cut short');
    }
    const { view, ignored } = fromWire(value, scenarios);
    return { kind: 'view', view, ignored };
  } catch (e) {
    return refused(e instanceof Refusal ? e.message : 'the link could not be read');
  }
}

/** Reads the shared state from a location's fragment (`#s=…`, among other `&` parameters). */
export function readLinkFragment(hash: string, scenarios: KnownScenarios): LinkReading {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  const param = fragment.split('&').find((p) => p.startsWith(`${SHARE_PARAM}=`));
  if (param === undefined) return { kind: 'none' };
  return decodeSharedView(param.slice(SHARE_PARAM.length + 1), scenarios);
}

/** The address that reopens `view`: this page (path and query kept) with the state in the
 *  fragment. */
export function shareLink(href: string, view: SharedView): string {
  const base = href.split('#')[0];
  return `${base}#${SHARE_PARAM}=${encodeSharedView(view)}`;
}

/** The notice the page shows for a link it could not use in full; undefined when all was used. */
export function linkNotice(reading: LinkReading): string | undefined {
  if (reading.kind === 'refused')
    return `This link could not be opened (${reading.reason}), so the default scenario is shown instead.`;
  if (reading.kind === 'view' && reading.ignored.length > 0)
    return `Part of this link was ignored: ${reading.ignored.join(', ')}.`;
  return undefined;
}

function refused(reason: string): LinkReading {
  return { kind: 'refused', reason };
}
