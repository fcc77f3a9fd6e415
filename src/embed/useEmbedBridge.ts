import { useEffect, useRef } from 'react';

import type { Hop } from '../engine';
import type { Scenario } from '../scenarios';
import { useSimulationStore } from '../store';
import type { PageParams } from './params';
import { originAllowed } from './params';
import type { Command, EventType } from './protocol';
import { eventMessage, OPT_IN_EVENTS, parseCommand } from './protocol';
import { goNext, goPrev, gotoStep, shownStep } from './walkthrough-nav';

/** What the page itself does for commands beyond the store: a fresh simulation. */
export interface BridgeActions {
  loadScenario(id: string): boolean;
  reset(): void;
}

// one `ready` per page, however often the simulation is rebuilt
let readySent = false;
// the step the host was last told about, across rebuilt simulations (a reset goes to step 1)
let reportedStep: number | undefined;
const subscribed = new Set<EventType>();
let hostOrigin: string | undefined;

/** The host page's origin when it may hear from us: the iframe's parent, if allowed. */
function parentOrigin(origins: PageParams['origins']): string | undefined {
  if (hostOrigin) return hostOrigin;
  const ancestors = (window.location as Location & { ancestorOrigins?: DOMStringList })
    .ancestorOrigins;
  let origin = ancestors && ancestors.length > 0 ? ancestors[0] : undefined;
  if (!origin && document.referrer) {
    try {
      origin = new URL(document.referrer).origin;
    } catch {
      origin = undefined;
    }
  }
  if (origin && originAllowed(origins, origin)) return origin;
  return origins === '*' ? '*' : undefined;
}

/**
 * The postMessage API (docs/embedding.md) for one simulation: obeys commands from allowed
 * origins, tells the host page about steps, scenarios and (when subscribed) hops.
 */
export function useEmbedBridge(params: PageParams, scenario: Scenario, actions: BridgeActions) {
  const store = useSimulationStore();
  const latest = useRef({ scenario, actions });
  useEffect(() => {
    latest.current = { scenario, actions };
  });

  useEffect(() => {
    if (window.parent === window) return;
    const post = (type: EventType, payload: Record<string, unknown> = {}) => {
      if (OPT_IN_EVENTS.includes(type) && !subscribed.has(type)) return;
      const origin = parentOrigin(params.origins);
      if (origin) window.parent.postMessage(eventMessage(type, payload), origin);
    };
    const stepPayload = (): Record<string, unknown> => {
      const shown = shownStep(store.getState());
      const sc = latest.current.scenario;
      return { ...(shown ?? { scenario: sc.id, step: 0, total: sc.steps.length, title: '' }) };
    };

    const run = (command: Command) => {
      const s = store.getState();
      const sc = latest.current.scenario;
      switch (command.type) {
        case 'next':
          return goNext(store, sc);
        case 'prev':
          return goPrev(store);
        case 'goto':
          return gotoStep(store, sc, command.step);
        case 'play':
          return s.play();
        case 'pause':
          return s.pause();
        case 'setSpeed':
          return s.setSpeed(command.speed);
        case 'inject':
          try {
            s.inject(command.fault);
          } catch {
            // a fault naming something that is not there is ignored, as a malformed message
          }
          return;
        case 'reset':
          return latest.current.actions.reset();
        case 'loadScenario':
          latest.current.actions.loadScenario(command.id);
          return;
        case 'subscribe':
          for (const e of command.events) subscribed.add(e);
          return;
        case 'unsubscribe':
          for (const e of command.events) subscribed.delete(e);
          return;
      }
    };

    const onMessage = (e: MessageEvent) => {
      if (e.source !== window.parent || !originAllowed(params.origins, e.origin)) return;
      const command = parseCommand(e.data);
      if (!command) return;
      hostOrigin = e.origin;
      run(command);
    };
    window.addEventListener('message', onMessage);

    const first = !readySent;
    readySent = true;
    if (first) post('ready', stepPayload());
    post('scenarioLoaded', stepPayload());
    // a fresh simulation (reset, loadScenario) showing another step than the host last heard of
    const initial = shownStep(store.getState())?.step;
    if (!first && initial !== reportedStep) post('stepChanged', stepPayload());
    reportedStep = initial;

    let lastSeq = store.getState().log.at(-1)?.seq ?? -1;
    const unsubscribe = store.subscribe((s) => {
      const step = shownStep(s)?.step;
      if (step !== reportedStep) {
        reportedStep = step;
        post('stepChanged', stepPayload());
      }
      const fresh = s.log.filter((h) => h.seq > lastSeq);
      if (fresh.length) {
        lastSeq = fresh[fresh.length - 1].seq;
        for (const hop of fresh) post('hop', { hop: hopPayload(hop) });
      }
    });
    return () => {
      window.removeEventListener('message', onMessage);
      unsubscribe();
    };
  }, [store, params.origins]);
}

function hopPayload(h: Hop) {
  return {
    seq: h.seq,
    from: h.from,
    to: h.to,
    verb: h.verb,
    resource: h.resource,
    summary: h.summary,
    sentAt: h.sentAt,
    deliveredAt: h.deliveredAt,
    outcome: h.outcome,
    ...(h.status !== undefined ? { status: h.status } : {}),
  };
}
