import type { ColorMode } from '@xyflow/react';

import { Diagram } from '../diagram/Diagram';
import { HopDetails } from '../hops/HopDetails';
import { HopLog } from '../hops/HopLog';
import { PlaybackControls } from '../playback/PlaybackControls';
import { usePlaybackKeys, usePlaybackLoop } from '../playback/usePlaybackLoop';
import { Terminal } from '../terminal/Terminal';

/** One simulation's page body: diagram, side panel, bottom strip. */
export function Simulation({ colorMode }: { colorMode: ColorMode }) {
  usePlaybackLoop();
  usePlaybackKeys();
  return (
    <div className="workspace">
      <main className="main-area">
        <Diagram colorMode={colorMode} />
      </main>
      <aside className="side-panel" aria-label="Details">
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
