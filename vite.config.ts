import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** The dev server injects inline scripts (React refresh) that index.html's strict
 *  Content-Security-Policy would block: drop the policy there; the built page keeps it. */
function devWithoutContentSecurityPolicy(): Plugin {
  return {
    name: 'k8s-anatomy:dev-without-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, ''),
  };
}

// Relative base so the built site works from any sub-path of any static host.
export default defineConfig({
  base: './',
  plugins: [
    react(),
    devWithoutContentSecurityPolicy(),
    VitePWA({
      // registered from src/main.tsx with workbox-window: no inline registration script (CSP)
      injectRegister: false,
      registerType: 'autoUpdate',
      strategies: 'generateSW',
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'k8s-anatomy',
        short_name: 'k8s-anatomy',
        description: 'See how Kubernetes works: a live simulation of a whole cluster.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#326ce5',
        // the bundled favicon only: nothing is fetched from another origin
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest}'],
        // the main bundle holds the whole simulated cluster
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // the first visit's page is controlled at once, so it works offline from then on
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  build: { target: 'es2022', sourcemap: true },
});
