/** The page shell. The interactive diagram replaces the placeholder body. */
export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>k8s-anatomy</h1>
        <p className="tagline">See how Kubernetes works, one request hop at a time.</p>
      </header>
      <main className="app-main">
        <p>
          A deterministic simulation of a whole cluster — etcd with Raft, kube-apiserver, scheduler,
          controllers, kubelets — runs in this page. The interactive diagram is on its way.
        </p>
      </main>
    </div>
  );
}
