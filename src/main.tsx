import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { forceReducedMotion } from './embed/motion';
import { readPageParams } from './embed/params';
import { afterFirstPaint } from './lazy/after-paint';
import { loadApp } from './lazy/load-app';
import { Loading, opensOnInvitation } from './ui/shell/Loading';
import './styles.css';

const params = readPageParams(window.location.search);
// `motion=reduce` asks for the reduced-motion rendering whatever the system says
if (params.reduceMotion) forceReducedMotion();
// the first paint is already in the theme the page will have (a shared link's theme, read by
// the app, may still change it)
document.documentElement.dataset.theme =
  params.theme ??
  (typeof window.matchMedia === 'function' &&
  window.matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light');

// The shell paints first; the simulation, the engine and the rest of the UI load after it, so
// the first paint needs only React and this file.
const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    <Loading params={params} invitation={opensOnInvitation(params, window.location.hash)} />
  </StrictMode>,
);
void afterFirstPaint()
  .then(loadApp)
  .then(({ App }) => {
    // a transition: React renders the page in slices, yielding to the browser between them
    startTransition(() =>
      root.render(
        <StrictMode>
          <App />
        </StrictMode>,
      ),
    );
    registerServiceWorker();
  });

/** Offline after the first visit: the service worker precaches the built site, every chunk
 *  included (a classroom's Wi-Fi may drop). Registered once the page's own code has loaded, so
 *  its downloads do not compete with it; not in dev, where there is no built site to cache. */
function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  void import('workbox-window').then(({ Workbox }) =>
    new Workbox('./sw.js').register().catch(() => undefined),
  );
}
