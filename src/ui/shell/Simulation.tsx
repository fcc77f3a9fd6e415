import type { ColorMode } from '@xyflow/react';
import { useState } from 'react';

import { useStagedMount } from '../../lazy/use-staged-mount';
import type { Scenario } from '../../scenarios';
import { useSimulation } from '../../store';
import { Diagram } from '../diagram/Diagram';
import { HopDetails } from '../hops/HopDetails';
import { HopLog } from '../hops/HopLog';
import { Inspector } from '../panels/Inspector';
import { PlaybackControls, Timeline } from '../playback/PlaybackControls';
import { usePlaybackKeys, usePlaybackLoop } from '../playback/usePlaybackLoop';
import { Terminal } from '../terminal/Terminal';
import { NarrationPanel } from '../walkthrough/NarrationPanel';
import { useWalkthroughKeys } from '../walkthrough/useWalkthroughKeys';
import { LoadingStatus, StripPlaceholder } from './Loading';

/** The page's parts mount in this order, one per paint (useStagedMount): the side panel (the
 *  page's largest text, so its largest paint comes first), the diagram, the hop log, then the
 *  bottom strip and the playback loop, so playing starts once everything is on the page. */
const STAGE = { diagram: 1, hops: 2, strip: 3 } as const;

/** Plays the simulation from requestAnimationFrame while mounted. */
function PlaybackLoop() {
  usePlaybackLoop();
  return null;
}

/** One simulation's page body: diagram, side panel (narration, hops), bottom strip. */
export function Simulation({
  scenario,
  colorMode,
  onRestart,
}: {
  /** the walkthrough the side panel offers and N/PageDown starts */
  scenario: Scenario;
  colorMode: ColorMode;
  onRestart: () => void;
}) {
  const stage = useStagedMount(STAGE.strip);
  usePlaybackKeys();
  useWalkthroughKeys(scenario);
  const [collapsed, setCollapsed] = useState(false);
  // on a phone the bottom strip (playback, timeline, terminal) folds behind a toggle, so the
  // diagram and the narration share the screen; on wider screens it is always shown
  const [stripOpen, setStripOpen] = useState(false);
  // the side panel shows the inspector while something on the diagram is chosen
  const inspecting = useSimulation((s) => s.selected !== undefined);
  return (
    <div
      className={`workspace${collapsed ? ' panel-collapsed' : ''}${stripOpen ? ' strip-open' : ''}`}
    >
      <main className="main-area">
        {stage >= STAGE.diagram ? <Diagram colorMode={colorMode} /> : <LoadingStatus />}
      </main>
      <aside id="side-panel-body" className="side-panel" aria-label="Walkthrough and details">
        <button
          type="button"
          className="panel-toggle"
          aria-expanded={!collapsed}
          aria-controls="side-panel-body"
          aria-label={collapsed ? 'Show the side panel' : 'Hide the side panel'}
          title={collapsed ? 'Show the side panel' : 'Hide the side panel'}
          onClick={() => setCollapsed(!collapsed)}
        >
          <span aria-hidden="true">{collapsed ? '«' : '»'}</span>
        </button>
        {inspecting ? <Inspector /> : <NarrationPanel scenario={scenario} onRestart={onRestart} />}
        {stage >= STAGE.hops && (
          <>
            <HopDetails />
            <HopLog />
          </>
        )}
      </aside>
      <footer className="bottom-strip">
        <button
          type="button"
          className="strip-toggle"
          aria-expanded={stripOpen}
          aria-controls="bottom-strip-body"
          onClick={() => setStripOpen(!stripOpen)}
        >
          <span aria-hidden="true">{stripOpen ? '▾' : '▸'}</span> Playback and terminal
        </button>
        <div id="bottom-strip-body" className="bottom-strip-body">
          {stage >= STAGE.strip ? (
            <>
              <Timeline />
              <PlaybackControls />
              <Terminal />
            </>
          ) : (
            <StripPlaceholder />
          )}
        </div>
      </footer>
      {stage >= STAGE.strip && <PlaybackLoop />}
    </div>
  );
}
