import { useEffect, useState } from 'react';

import { clusterOptionsFor, createPod, scenarioById } from './scenarios';
import { SimulationProvider } from './store';
import type { ClusterChoice } from './ui/shell/clusters';
import { CLUSTER_CHOICES } from './ui/shell/clusters';
import type { Theme } from './ui/shell/Header';
import { Header } from './ui/shell/Header';
import { Simulation } from './ui/shell/Simulation';

function initialTheme(): Theme {
  return typeof window.matchMedia === 'function' &&
    window.matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

/** The page shell: header, then one simulation (remounted when the cluster shape changes). */
export function App() {
  const [cluster, setCluster] = useState<ClusterChoice>('single');
  const [scenarioId, setScenarioId] = useState(createPod.id);
  const scenario = scenarioById(scenarioId);
  // a restart is a fresh simulation (same seed, so the same story) with the walkthrough on
  const [run, setRun] = useState(0);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app">
      <Header
        scenario={scenario.id}
        // choosing a scenario starts it on a fresh simulation of the cluster it needs
        onScenario={(id) => {
          setScenarioId(id);
          setRun((r) => r + 1);
        }}
        cluster={cluster}
        onCluster={setCluster}
        theme={theme}
        onTheme={setTheme}
      />
      <SimulationProvider
        key={`${cluster} ${scenario.id} ${run}`}
        options={{
          cluster: clusterOptionsFor(scenario, { seed: 1, ...CLUSTER_CHOICES[cluster].options }),
          ...(run > 0 ? { walkthrough: scenario } : {}),
        }}
      >
        <Simulation scenario={scenario} colorMode={theme} onRestart={() => setRun((r) => r + 1)} />
      </SimulationProvider>
    </div>
  );
}
