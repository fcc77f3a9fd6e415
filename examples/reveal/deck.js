// Each fragment on the iframe slide steps the walkthrough through the postMessage API:
// a fragment shown goes to its step, a fragment hidden (going back) to the one before.
// ?app=<URL of the built app> overrides the iframes' data-app.
const appOverride = new URLSearchParams(location.search).get('app');
const apps = new Map();
for (const iframe of document.querySelectorAll('iframe.k8s-anatomy')) {
  iframe.src = K8sAnatomy.embedUrl(appOverride || iframe.dataset.app, {
    params: { scenario: iframe.dataset.scenario, narration: 1 },
  });
  apps.set(iframe.closest('section'), K8sAnatomy.connect(iframe));
}

function stepTo(fragment, step) {
  const app = apps.get(fragment.closest('section'));
  if (app) app.send('goto', { step });
}

Reveal.on('fragmentshown', (e) => {
  if (e.fragment.classList.contains('k8s-step'))
    stepTo(e.fragment, Number(e.fragment.dataset.step));
});
Reveal.on('fragmenthidden', (e) => {
  if (e.fragment.classList.contains('k8s-step'))
    stepTo(e.fragment, Number(e.fragment.dataset.step) - 1);
});

Reveal.initialize({ hash: true, width: 1280, height: 720 });
