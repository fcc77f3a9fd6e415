import { useSimulation, useSimulationStore } from '../../store';
import type { SimulationState } from '../../store';
import { formatSpeed, formatVirtualTime } from './format';
import { Scrubber } from './Scrubber';

export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100];

const selectPlaying = (s: SimulationState) => s.playing || s.stepTarget !== undefined;
const selectSpeed = (s: SimulationState) => s.speed;
const selectShowBackground = (s: SimulationState) => s.showBackground;
const selectViewTime = (s: SimulationState) => s.viewTime;
const selectBusy = (s: SimulationState) => s.inFlight.length > 0;

/** The virtual clock; the only part of the controls that changes every frame. */
function VirtualClock() {
  const t = useSimulation(selectViewTime);
  const busy = useSimulation(selectBusy);
  return (
    <div className="clock">
      <span className="clock-label" id="clock-label">
        Virtual time
      </span>
      <output aria-labelledby="clock-label" className="clock-value">
        {formatVirtualTime(t)}
      </output>
      <span className="clock-mode">{busy ? 'slow motion' : 'real time'}</span>
    </div>
  );
}

/** Play/pause, step back and forth between hops, skip idle time, speed, background traffic. */
export function PlaybackControls() {
  const store = useSimulationStore();
  const playing = useSimulation(selectPlaying);
  const speed = useSimulation(selectSpeed);
  const showBackground = useSimulation(selectShowBackground);
  const actions = store.getState();
  return (
    <div className="playback" role="group" aria-label="Playback">
      <button
        type="button"
        className="primary"
        onClick={() => actions.togglePlay()}
        aria-keyshortcuts="Space"
        aria-label={playing ? 'Pause' : 'Play'}
      >
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span> {playing ? 'Pause' : 'Play'}
      </button>
      <button
        type="button"
        onClick={() => actions.stepBack()}
        aria-keyshortcuts="ArrowLeft"
        aria-label="Step back to the previous hop"
        title="Step back (←): the cluster is rebuilt as it was then"
      >
        <span aria-hidden="true">❙◀</span> Back
      </button>
      <button
        type="button"
        onClick={() => actions.step()}
        aria-keyshortcuts="ArrowRight"
        aria-label="Step to next hop"
      >
        <span aria-hidden="true">▶❙</span> Step
      </button>
      <button
        type="button"
        onClick={() => actions.skipIdle()}
        aria-label="Skip idle time to the next event"
        title="Skip over heartbeats and lease renewals to the next request"
      >
        <span aria-hidden="true">»</span> Skip idle
      </button>
      <span className="field">
        <label htmlFor="speed-select">Speed</label>
        <select
          id="speed-select"
          value={speed}
          onChange={(e) => actions.setSpeed(Number(e.target.value))}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {formatSpeed(s)}
            </option>
          ))}
        </select>
      </span>
      <label className="field checkbox">
        <input
          type="checkbox"
          checked={showBackground}
          onChange={(e) => actions.setShowBackground(e.target.checked)}
        />
        Background traffic
      </label>
    </div>
  );
}

/** The virtual clock beside the timeline scrubber: one row across the bottom strip. */
export function Timeline() {
  return (
    <div className="timeline">
      <VirtualClock />
      <Scrubber />
    </div>
  );
}
