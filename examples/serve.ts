/**
 * `npm run examples`: serves the built app (dist/) and the embedding examples from two
 * different origins, as a course site embedding the app would, and prints where to open them.
 */
import { serveStatic } from '../test/e2e/static-server';

const app = await serveStatic({ '/': 'dist' });
const host = await serveStatic({
  '/examples/': 'examples',
  '/node_modules/reveal.js/': 'node_modules/reveal.js',
});
const appUrl = `${app.origin}/`;
process.stdout.write(
  [
    `the app:             ${appUrl}`,
    `plain page + buttons: ${host.origin}/examples/plain/index.html?app=${appUrl}`,
    `reveal.js deck:       ${host.origin}/examples/reveal/index.html?app=${appUrl}`,
    'Ctrl-C stops both servers.',
    '',
  ].join('\n'),
);
