import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { readPageParams } from './embed/params';
import { StageView } from './embed/StageView';
import { useEmbedBridge } from './embed/useEmbedBridge';
import { gotoStep } from './embed/walkthrough-nav';
import { useFirstBoot } from './lazy/use-first-boot';
import type { Scenario } from './scenarios';
import { clusterOptionsFor, createPod, SCENARIOS, scenarioById } from './scenarios';
import type { SharedView } from './share';
import { linkNotice, readLinkFragment } from './share';
import { CopyLinkButton } from './share/CopyLinkButton';
import type { SessionState, SimulationStore } from './store';
import { SimulationProvider, useSimulationStore } from './store';
import { exportCaption, exportFileName } from './ui/export/caption';
import type { ExportSubject } from './ui/export/ExportMenu';
import { ExportMenu } from './ui/export/ExportMenu';
import type { ClusterChoice } from './ui/shell/clusters';
import { CLUSTER_CHOICES } from './ui/shell/clusters';
import type { Theme } from './ui/shell/Header';
import { Header } from './ui/shell/Header';
import { Loading, opensOnInvitation } from './ui/shell/Loading';
import { Simulation } from './ui/shell/Simulation';

function initialTheme(): Theme {
  return typeof window.matchMedia === 'function' &&
    window.matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

/** What the address asked for, read once: query parameters and a shared state. */
function readAddress() {
  const params = readPageParams(window.location.search);
  const link = readLinkFragment(window.location.hash, SCENARIOS);
  return { params, link };
}

/** Inside the simulation: the postMessage API, the step asked for by the URL, and a handle on
 *  the store for the header's copy link. */
function SimulationHooks(props: {
  scenario: Scenario;
  params: ReturnType<typeof readPageParams>;
  startStep?: number;
  onStore: (store: SimulationStore) => void;
  loadScenario: (id: string) => boolean;
  reset: () => void;
}) {
  const store = useSimulationStore();
  const { onStore, startStep, scenario } = props;
  useEffect(() => onStore(store), [store, onStore]);
  useEffect(() => {
    if (startStep !== undefined) gotoStep(store, scenario, startStep);
  }, [store, scenario, startStep]);
  useEmbedBridge(props.params, props.scenario, {
    loadScenario: props.loadScenario,
    reset: props.reset,
  });
  return null;
}

/** The page shell: header, then one simulation (remounted when the cluster shape changes);
 *  `?embed=1` and presenter mode show the diagram alone with a caption. */
export function App() {
  const [{ params, link }] = useState(readAddress);
  const shared = link.kind === 'view' ? link.view : undefined;
  const [notice, setNotice] = useState(() => linkNotice(link));
  // the shared session rebuilds the first simulation only; any restart starts afresh
  const [session, setSession] = useState(() => shared?.session);
  const [cluster, setCluster] = useState<ClusterChoice>(
    params.controlPlanes === 3 ? 'ha' : 'single',
  );
  const [scenarioId, setScenarioId] = useState(
    () => shared?.session.walkthrough?.scenario ?? params.scenario ?? createPod.id,
  );
  const scenario = scenarioById(scenarioId);
  // a restart is a fresh simulation (same seed, so the same story) with the walkthrough on
  const [run, setRun] = useState(0);
  const [theme, setTheme] = useState<Theme>(() => shared?.theme ?? params.theme ?? initialTheme());
  const [present, setPresent] = useState(params.present);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const store = useRef<SimulationStore | undefined>(undefined);
  const onStore = useCallback((s: SimulationStore) => void (store.current = s), []);
  const restart = useCallback(() => {
    setSession(undefined);
    setRun((r) => r + 1);
  }, []);
  const loadScenario = useCallback((id: string) => {
    if (!Object.hasOwn(SCENARIOS, id)) return false;
    setScenarioId(id);
    setSession(undefined);
    setRun((r) => r + 1);
    return true;
  }, []);
  const view = useCallback((): SharedView | undefined => {
    const s = store.current?.getState();
    return s ? { session: s.session(), theme } : undefined;
  }, [theme]);
  const exportSubject = useCallback((): ExportSubject | undefined => {
    const s = store.current?.getState();
    const diagram = document.querySelector<HTMLElement>('.diagram');
    if (!s || !diagram) return undefined;
    const hold = () => {
      // paused while drawn, so tokens in flight stay where the picture shows them
      const playing = store.current?.getState().playing;
      store.current?.getState().pause();
      return () => {
        if (playing) store.current?.getState().play();
      };
    };
    return { diagram, caption: exportCaption(s), name: exportFileName(s), hold };
  }, []);

  const stage = params.embed || present;
  // embedded or presenting with a scenario named: it starts at once, at the step asked for
  const startsWalkthrough = run > 0 || (stage && params.scenario !== undefined);
  const startStep = run === 0 && !session && stage ? params.step : undefined;
  const options = useMemo(
    () =>
      session
        ? // the link's types are checked field by field (src/share/wire.ts)
          { session: session as SessionState }
        : {
            cluster: clusterOptionsFor(scenario, {
              seed: 1,
              ...CLUSTER_CHOICES[cluster].options,
              // ?workers=N sizes the cluster (a scenario that needs its own shape still wins)
              ...(params.workers ? { workers: params.workers } : {}),
            }),
            ...(startsWalkthrough ? { walkthrough: scenario } : {}),
            // predict-then-run questions: asked unless turned off (off by default in embed)
            questions: params.questions,
          },
    [session, scenario, cluster, startsWalkthrough, params.workers, params.questions],
  );

  // the first cluster boots in slices while the shell shows (no long task on page load); a
  // restart keeps the same options object but must build a fresh cluster
  const first = useFirstBoot(run === 0 && 'cluster' in options ? options.cluster : undefined);

  const noticeBar = notice && (
    <div className="app-notice" role="status">
      <span>{notice}</span>
      <button type="button" onClick={() => setNotice(undefined)} aria-label="Dismiss the notice">
        ✕
      </button>
    </div>
  );
  const simulation = (
    <SimulationProvider
      key={`${cluster} ${scenario.id} ${run}`}
      options={first.booted ? { ...options, booted: first.booted } : options}
    >
      <SimulationHooks
        scenario={scenario}
        params={params}
        startStep={startStep}
        onStore={onStore}
        loadScenario={loadScenario}
        reset={restart}
      />
      {stage ? (
        <StageView
          scenario={scenario}
          colorMode={theme}
          presenter={!params.embed}
          controls={params.controls}
          narration={params.narration}
        />
      ) : (
        <Simulation scenario={scenario} colorMode={theme} onRestart={restart} />
      )}
    </SimulationProvider>
  );

  if (first.waiting)
    return (
      <Loading
        params={{ ...params, present }}
        invitation={opensOnInvitation(params, window.location.hash)}
      />
    );
  if (stage)
    return (
      <div className={`app app-stage${present ? ' app-presenting' : ''}`}>
        {noticeBar}
        {simulation}
        {present && !params.embed && (
          <button type="button" className="stage-exit" onClick={() => setPresent(false)}>
            Exit presenter mode
          </button>
        )}
      </div>
    );
  return (
    <div className="app">
      <Header
        scenario={scenario.id}
        // choosing a scenario starts it on a fresh simulation of the cluster it needs
        onScenario={loadScenario}
        cluster={cluster}
        running={'cluster' in options ? options.cluster : options.session.cluster}
        onCluster={(c) => {
          setSession(undefined);
          setCluster(c);
        }}
        theme={theme}
        onTheme={setTheme}
        extra={
          <>
            <CopyLinkButton view={view} />
            <ExportMenu subject={exportSubject} />
            <button type="button" onClick={() => setPresent(true)} title="Presenter mode">
              <span aria-hidden="true">▣</span> Present
            </button>
          </>
        }
      />
      {noticeBar}
      {simulation}
    </div>
  );
}
