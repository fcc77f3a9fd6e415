import type { ColorMode } from '@xyflow/react';
import { useCallback, useState } from 'react';

import type { Scenario } from '../scenarios';
import { useSimulation, useSimulationStore } from '../store';
import type { SimulationState } from '../store/types';
import { Diagram } from '../ui/diagram/Diagram';
import { usePlaybackLoop } from '../ui/playback/usePlaybackLoop';
import { StageCaption } from './StageCaption';
import { useStageKeys } from './useStageKeys';
import { goNext, goPrev } from './walkthrough-nav';
import './stage.css';

const selectWalkthrough = (s: SimulationState) => s.walkthrough;
const selectPlaying = (s: SimulationState) => s.playing;

/** Previous, play/pause, next and the step counter. */
function ControlBar({ scenario }: { scenario: Scenario }) {
  const store = useSimulationStore();
  const w = useSimulation(selectWalkthrough);
  const playing = useSimulation(selectPlaying);
  const total = scenario.steps.length;
  return (
    <div className="stage-controls" role="toolbar" aria-label="Walkthrough controls">
      <button
        type="button"
        onClick={() => goPrev(store)}
        disabled={!w || w.viewing === 0}
        aria-label="Previous step"
      >
        <span aria-hidden="true">◀</span>
      </button>
      <button
        type="button"
        onClick={() => store.getState().togglePlay()}
        aria-label={playing ? 'Pause' : 'Play'}
      >
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
      </button>
      <button type="button" onClick={() => goNext(store, scenario)} aria-label="Next step">
        <span aria-hidden="true">▶▶</span>
      </button>
      <span className="stage-step" aria-label="Step counter">
        {w ? `Step ${w.viewing + 1} of ${total}` : `${total} steps`}
      </span>
    </div>
  );
}

/**
 * The diagram as the whole page, with the narration as a caption: the embedded view
 * (`?embed=1`) and presenter mode (`?present=1`, larger text, B blanks, F fullscreen).
 */
export function StageView(props: {
  scenario: Scenario;
  colorMode: ColorMode;
  presenter: boolean;
  controls: boolean;
  narration: boolean;
}) {
  usePlaybackLoop();
  const [blank, setBlank] = useState(false);
  const toggleBlank = useCallback(() => setBlank((b) => !b), []);
  useStageKeys(props.scenario, { presenter: props.presenter, onBlank: toggleBlank });
  return (
    <div className={`stage${props.presenter ? ' stage-presenter' : ' stage-embed'}`}>
      <main className="stage-diagram" aria-hidden={blank || undefined}>
        <Diagram colorMode={props.colorMode} />
      </main>
      <StageCaption scenario={props.scenario} narration={props.narration} />
      {props.controls && <ControlBar scenario={props.scenario} />}
      {blank && (
        <button
          type="button"
          className="stage-blank"
          aria-label="The screen is blanked: press B or click to show it again"
          onClick={toggleBlank}
        />
      )}
    </div>
  );
}
