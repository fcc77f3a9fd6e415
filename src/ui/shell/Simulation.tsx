import type { ColorMode } from '@xyflow/react';
import { useState } from 'react';

import { createPod } from '../../scenarios';
import { Diagram } from '../diagram/Diagram';
import { HopDetails } from '../hops/HopDetails';
import { HopLog } from '../hops/HopLog';
import { PlaybackControls } from '../playback/PlaybackControls';
import { usePlaybackKeys, usePlaybackLoop } from '../playback/usePlaybackLoop';
import { Terminal } from '../terminal/Terminal';
import { NarrationPanel } from '../walkthrough/NarrationPanel';
import { useWalkthroughKeys } from '../walkthrough/useWalkthroughKeys';

/** One simulation's page body: diagram, side panel (narration, hops), bottom strip. */
export function Simulation({
  colorMode,
  onRestart,
}: {
  colorMode: ColorMode;
  onRestart: () => void;
}) {
  usePlaybackLoop();
  usePlaybackKeys();
  useWalkthroughKeys(createPod);
  const [collapsed, setCollapsed] = useState(false);
  return (
    <div className={`workspace${collapsed ? ' panel-collapsed' : ''}`}>
      <main className="main-area">
        <Diagram colorMode={colorMode} />
      </main>
      <aside className="side-panel" aria-label="Walkthrough and details">
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
        <NarrationPanel scenario={createPod} onRestart={onRestart} />
        <HopDetails />
        <HopLog />
      </aside>
      <footer className="bottom-strip">
        <PlaybackControls />
        <Terminal />
      </footer>
    </div>
  );
}
