// A small client for k8s-anatomy's postMessage API (docs/embedding.md), for host pages.
//
//   const app = K8sAnatomy.embed(iframeElement, { scenario: 'create-pod' });
//   app.on('stepChanged', (e) => console.log(e.step, e.total));
//   app.send('next');
(function () {
  const NAMESPACE = 'k8s-anatomy';
  const VERSION = 1;

  /** The iframe URL for the app at `appUrl`, allowing commands from this page's origin. */
  function embedUrl(appUrl, options) {
    const url = new URL(appUrl, location.href);
    url.searchParams.set('embed', '1');
    url.searchParams.set('origins', (options && options.origins) || location.origin);
    for (const [key, value] of Object.entries((options && options.params) || {}))
      url.searchParams.set(key, String(value));
    return url.toString();
  }

  /** Connects to an iframe showing the app: send commands, listen to events. */
  function connect(iframe) {
    const appOrigin = new URL(iframe.src, location.href).origin;
    const listeners = {};
    window.addEventListener('message', (e) => {
      if (e.source !== iframe.contentWindow || e.origin !== appOrigin) return;
      const m = e.data;
      if (!m || m.namespace !== NAMESPACE || m.version !== VERSION) return;
      for (const cb of listeners[m.type] || []) cb(m);
      for (const cb of listeners['*'] || []) cb(m);
    });
    return {
      send(type, fields) {
        iframe.contentWindow.postMessage(
          Object.assign({}, fields, { namespace: NAMESPACE, version: VERSION, type }),
          appOrigin,
        );
      },
      on(type, cb) {
        (listeners[type] = listeners[type] || []).push(cb);
      },
    };
  }

  window.K8sAnatomy = { embedUrl, connect };
})();
