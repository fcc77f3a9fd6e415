import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App';
import { forceReducedMotion } from './embed/motion';
import './styles.css';

// `motion=reduce` asks for the reduced-motion rendering whatever the system says
if (new URLSearchParams(window.location.search).get('motion') === 'reduce') forceReducedMotion();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Offline after the first visit: the service worker precaches the built site (a classroom's
// Wi-Fi may drop). Not in dev, where there is no built site to cache.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  void import('workbox-window').then(({ Workbox }) =>
    new Workbox('./sw.js').register().catch(() => undefined),
  );
}
