import { useState } from 'react';

import type { SharedView } from './shared-view';
import { shareLink } from './codec';

/** "Copy link": the address that reopens exactly this view, to the clipboard (and the address
 *  bar); where the clipboard is refused, the link is shown to copy by hand. */
export function CopyLinkButton({ view }: { view: () => SharedView | undefined }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'manual'>('idle');
  const [link, setLink] = useState('');
  const copy = () => {
    const current = view();
    if (!current) return;
    const url = shareLink(window.location.href, current);
    setLink(url);
    history.replaceState(history.state, '', url);
    if (!navigator.clipboard) {
      setStatus('manual');
      return;
    }
    navigator.clipboard.writeText(url).then(
      () => setStatus('copied'),
      () => setStatus('manual'),
    );
  };
  return (
    <span className="copy-link">
      <button type="button" onClick={copy} title="Copy a link to exactly what you see">
        <span aria-hidden="true">#</span> Copy link
      </button>
      <span role="status" className="copy-link-status">
        {status === 'copied' ? 'Link copied' : ''}
      </span>
      {status === 'manual' && (
        <input
          aria-label="Link to this view"
          readOnly
          value={link}
          onFocus={(e) => e.currentTarget.select()}
          autoFocus
        />
      )}
    </span>
  );
}
