// ?app=<URL of the built app> (default ../../dist/); ?allow=<origin> overrides which origin
// the app is told to obey (to show that others are ignored). The app's own parameters
// (scenario, step, controls, narration, questions, theme, motion) are passed on to it.
const query = new URLSearchParams(location.search);
const iframe = document.getElementById('app');
const params = { scenario: 'create-pod' };
for (const name of ['scenario', 'step', 'controls', 'narration', 'questions', 'theme', 'motion'])
  if (query.has(name)) params[name] = query.get(name);
iframe.src = K8sAnatomy.embedUrl(query.get('app') || '../../dist/', {
  origins: query.get('allow') || location.origin,
  params,
});
const app = K8sAnatomy.connect(iframe);

for (const button of document.querySelectorAll('[data-command]'))
  button.addEventListener('click', () => app.send(button.dataset.command));
document
  .getElementById('power-off')
  .addEventListener('click', () =>
    app.send('inject', { fault: { op: 'power-off', node: 'worker-2' } }),
  );

const log = document.getElementById('events');
app.on('*', (e) => {
  const item = document.createElement('li');
  item.textContent =
    e.type === 'stepChanged' || e.type === 'ready' || e.type === 'scenarioLoaded'
      ? `${e.type} ${e.scenario} step ${e.step} of ${e.total}`
      : e.type;
  log.append(item);
});
