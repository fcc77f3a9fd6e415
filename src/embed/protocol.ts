import type { Fault } from '../engine/cluster/faults';
import { readFault } from '../share/fault-reader';

/** Every message of the embedding API carries these. */
export const NAMESPACE = 'k8s-anatomy';
export const PROTOCOL_VERSION = 1;

/** What a host page can ask for (documented in docs/embedding.md). */
export type Command =
  | { type: 'next' | 'prev' | 'play' | 'pause' | 'reset' }
  | { type: 'goto'; step: number }
  | { type: 'loadScenario'; id: string }
  | { type: 'setSpeed'; speed: number }
  | { type: 'inject'; fault: Fault }
  | { type: 'subscribe' | 'unsubscribe'; events: EventType[] };

/** What the page tells its host. */
export type EventType = 'ready' | 'stepChanged' | 'scenarioLoaded' | 'hop';

/** Events only sent to a host that asked for them with `subscribe`. */
export const OPT_IN_EVENTS: readonly EventType[] = ['hop'];

const SIMPLE = ['next', 'prev', 'play', 'pause', 'reset'] as const;
const EVENTS: readonly EventType[] = ['ready', 'stepChanged', 'scenarioLoaded', 'hop'];

/** Reads a command from a message's data; anything malformed is undefined (ignored). */
export function parseCommand(data: unknown): Command | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const m = data as Record<string, unknown>;
  if (m.namespace !== NAMESPACE || m.version !== PROTOCOL_VERSION) return undefined;
  const type = m.type;
  if ((SIMPLE as readonly unknown[]).includes(type))
    return { type: type as (typeof SIMPLE)[number] };
  switch (type) {
    case 'goto':
      return Number.isInteger(m.step) && (m.step as number) >= 1 && (m.step as number) <= 1000
        ? { type, step: m.step as number }
        : undefined;
    case 'loadScenario':
      return typeof m.id === 'string' && /^[a-z0-9-]{1,100}$/.test(m.id)
        ? { type, id: m.id }
        : undefined;
    case 'setSpeed':
      return typeof m.speed === 'number' && Number.isFinite(m.speed) && m.speed > 0
        ? { type, speed: m.speed }
        : undefined;
    case 'inject':
      try {
        return { type, fault: readFault(m.fault, 'fault') };
      } catch {
        return undefined;
      }
    case 'subscribe':
    case 'unsubscribe': {
      const events = Array.isArray(m.events) ? m.events : [];
      const known = events.filter((e): e is EventType => EVENTS.includes(e as EventType));
      return known.length > 0 && known.length === events.length
        ? { type, events: known }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** An event message as the page posts it. */
export function eventMessage(type: EventType, payload: Record<string, unknown> = {}) {
  return { ...payload, namespace: NAMESPACE, version: PROTOCOL_VERSION, type };
}
