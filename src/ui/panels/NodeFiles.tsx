import { useState } from 'react';

import type { NodeFile } from '../../engine/view';

/** A node's files as a list of paths; choosing a text file shows what it holds. */
export function NodeFiles({ files }: { files: NodeFile[] }) {
  const [open, setOpen] = useState<string | undefined>(undefined);
  return (
    <ul className="file-list" aria-label="Files kubeadm wrote">
      {files.map((f) => (
        <li key={f.path}>
          {f.content === undefined ? (
            <span className="mono muted">{f.path}</span>
          ) : (
            <>
              <button
                type="button"
                className="link-button mono"
                aria-expanded={open === f.path}
                onClick={() => setOpen(open === f.path ? undefined : f.path)}
              >
                {f.path}
              </button>
              {open === f.path && (
                <pre className="code-block" tabIndex={0} aria-label={`Contents of ${f.path}`}>
                  {f.content}
                </pre>
              )}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
