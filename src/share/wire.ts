// The link's JSON, version 1: short keys and tuples keep it small before lz-string.
//   { v: 1, c: { s: seed, cp: controlPlaneNodes, w: workers, ad?: false, b?: 'w' (boot watched) },
//     a: [[at, 'k', command, stdin?, shown?] | [at, 'f', fault]], t: viewTime, sp: speed,
//     th?: 'l' | 'd', wt?: [scenario, step, state?] }
import type { WorkerSpec } from '../engine';
import { tryParseQuantity } from '../engine/api/quantity';
import { isDNS1123Label, isQualifiedName, isValidLabelValue } from '../engine/api/validation/names';
import { readFault } from './fault-reader';
import { SHARE_LIMITS as L } from './limits';
import { depthOf, list, number, oneOf, record, Refusal, text } from './reader';
import type { SharedAction, SharedSession, SharedView } from './shared-view';

/** The wire format's version: bump it when the shape changes, and keep reading the old one. */
export const WIRE_VERSION = 1;

/** What the link may name: the scenarios the page offers, with their step counts. */
export type KnownScenarios = Readonly<Record<string, { steps: readonly unknown[] }>>;

/** The speed range of playback (src/store/playback.ts MIN_SPEED/MAX_SPEED). */
export const SPEED_RANGE = { min: 0.1, max: 100 } as const;

/** A view as the link's JSON value. */
export function toWire(view: SharedView): unknown {
  const { session: s } = view;
  return {
    v: WIRE_VERSION,
    c: {
      s: s.cluster.seed,
      cp: s.cluster.controlPlaneNodes,
      w: s.cluster.workers,
      ...(s.cluster.addons === false ? { ad: false } : {}),
      ...(s.cluster.boot === 'watch' ? { b: 'w' } : {}),
    },
    a: s.actions.map((a) =>
      a.kind === 'kubectl'
        ? trimUndefined([a.at, 'k', a.command, a.stdin ?? null, a.shown])
        : [a.at, 'f', a.fault],
    ),
    t: s.viewTime,
    sp: s.speed,
    ...(view.theme ? { th: view.theme === 'dark' ? 'd' : 'l' } : {}),
    ...(s.walkthrough
      ? {
          wt: [
            s.walkthrough.scenario,
            s.walkthrough.step,
            ...(s.walkthrough.state !== undefined ? [s.walkthrough.state] : []),
          ],
        }
      : {}),
  };
}

/**
 * Reads the link's JSON value. Throws a Refusal naming the first thing wrong with what rebuilds
 * the simulation; a bad theme only is dropped (reported in `ignored`).
 */
export function fromWire(
  value: unknown,
  scenarios: KnownScenarios,
): { view: SharedView; ignored: string[] } {
  if (depthOf(value, L.depth + 1) > L.depth) throw new Refusal('the link nests too deeply');
  const root = record(value, 'the link');
  if (root.v !== WIRE_VERSION) throw new Refusal('the link is from an unknown version');
  const ignored: string[] = [];
  const viewTime = number(root.t, 'view time', 0, L.viewTimeMs);
  const session: SharedSession = {
    v: 1,
    cluster: readCluster(root.c),
    actions: list(root.a, 'actions', L.actions).map((a, i) => readAction(a, `actions[${i}]`)),
    viewTime,
    speed: number(root.sp, 'speed', SPEED_RANGE.min, SPEED_RANGE.max),
  };
  // actions may lie past the view time: the engine runs ahead of the view, and a rewound view
  // keeps its later actions queued to replay as it plays on
  if (root.wt !== undefined) session.walkthrough = readWalkthrough(root.wt, scenarios);
  const view: SharedView = { session };
  if (root.th !== undefined) {
    if (root.th === 'd' || root.th === 'l') view.theme = root.th === 'd' ? 'dark' : 'light';
    else ignored.push('the theme');
  }
  return { view, ignored };
}

function readCluster(value: unknown): SharedSession['cluster'] {
  const c = record(value, 'cluster');
  const cluster: SharedSession['cluster'] = {
    seed: number(c.s, 'cluster.seed', 0, L.seed, true),
    controlPlaneNodes: number(c.cp, 'cluster.controlPlaneNodes', 1, L.controlPlaneNodes, true),
    workers:
      typeof c.w === 'number'
        ? number(c.w, 'cluster.workers', 0, L.workers, true)
        : list(c.w, 'cluster.workers', L.workers).map((w, i) => readWorker(w, i)),
  };
  if (c.ad !== undefined) {
    if (c.ad !== false) throw new Refusal('cluster.addons is not false');
    cluster.addons = false;
  }
  if (c.b !== undefined) {
    if (c.b !== 'w') throw new Refusal('cluster.boot is not "w"');
    cluster.boot = 'watch';
  }
  return cluster;
}

const quantity = (s: string) => tryParseQuantity(s) !== undefined;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

function readWorker(value: unknown, i: number): WorkerSpec {
  const path = `cluster.workers[${i}]`;
  const w = record(value, path);
  const spec: WorkerSpec = {};
  if (w.name !== undefined) spec.name = text(w.name, `${path}.name`, 63, isDNS1123Label);
  if (w.cpu !== undefined) spec.cpu = text(w.cpu, `${path}.cpu`, 32, quantity);
  if (w.memory !== undefined) spec.memory = text(w.memory, `${path}.memory`, 32, quantity);
  if (w.labels !== undefined) {
    const labels = record(w.labels, `${path}.labels`);
    const keys = Object.keys(labels);
    if (keys.length > L.labelsPerWorker)
      throw new Refusal(`${path}.labels has more than ${L.labelsPerWorker} labels`);
    spec.labels = {};
    for (const key of keys) {
      text(key, `${path}.labels key`, 316, isQualifiedName);
      spec.labels[key] = text(labels[key], `${path}.labels.${key}`, 63, isValidLabelValue);
    }
  }
  if (w.taints !== undefined)
    spec.taints = list(w.taints, `${path}.taints`, L.taintsPerWorker).map((t, j) => {
      const tp = `${path}.taints[${j}]`;
      const taint = record(t, tp);
      return {
        key: text(taint.key, `${tp}.key`, 316, isQualifiedName),
        ...(taint.value !== undefined
          ? { value: text(taint.value, `${tp}.value`, 63, isValidLabelValue) }
          : {}),
        effect: oneOf(taint.effect, `${tp}.effect`, TAINT_EFFECTS),
      };
    });
  return spec;
}

function readAction(value: unknown, path: string): SharedAction {
  const a = list(value, path, 5);
  const at = number(a[0], `${path} time`, 0, L.viewTimeMs);
  const kind = oneOf(a[1], `${path} kind`, ['k', 'f'] as const);
  if (kind === 'f') {
    if (a.length !== 3) throw new Refusal(`${path} is not a fault action`);
    return { at, kind: 'fault', fault: readFault(a[2], `${path} fault`) };
  }
  if (a.length < 3) throw new Refusal(`${path} has no command`);
  const action: SharedAction = {
    at,
    kind: 'kubectl',
    command: text(a[2], `${path} command`, L.commandChars),
  };
  if (a[3] !== undefined && a[3] !== null) action.stdin = text(a[3], `${path} stdin`, L.stdinChars);
  if (a[4] !== undefined) action.shown = text(a[4], `${path} shown`, L.commandChars);
  return action;
}

function readWalkthrough(value: unknown, scenarios: KnownScenarios): SharedSession['walkthrough'] {
  const w = list(value, 'walkthrough', 3);
  const id = text(w[0], 'walkthrough scenario', 100);
  if (!Object.hasOwn(scenarios, id)) throw new Refusal(`there is no scenario "${id}"`);
  const steps = scenarios[id].steps.length;
  const step = number(w[1], 'walkthrough step', 0, Math.max(0, steps - 1), true);
  // the store checks the progress snapshot itself (plausibleSnapshot); here it only has to be
  // plain data without prototype keys
  return {
    scenario: id,
    step,
    ...(w[2] !== undefined ? { state: plainData(w[2], 'walkthrough state') } : {}),
  };
}

/** A deep copy of JSON data, refusing prototype keys at any depth. */
function plainData(value: unknown, path: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v, i) => plainData(v, `${path}[${i}]`));
  const r = record(value, path);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(r)) copy[key] = plainData(r[key], `${path}.${key}`);
  return copy;
}

/** Drops trailing undefined entries of a tuple (absent optional fields). */
function trimUndefined(tuple: unknown[]): unknown[] {
  let end = tuple.length;
  while (end > 0 && (tuple[end - 1] === undefined || tuple[end - 1] === null)) end--;
  return tuple.slice(0, end);
}
