import fc from 'fast-check';
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';

import type { WorkerSpec } from '../../../src/engine';
import type { Fault } from '../../../src/engine/cluster/faults';
import type { SharedAction, SharedView } from '../../../src/share';
import {
  decodeSharedView,
  encodeSharedView,
  linkNotice,
  readLinkFragment,
  shareLink,
} from '../../../src/share';
import { SCENARIOS } from '../../../src/scenarios';

const SCENARIO_STEPS = { 'create-pod': { steps: Array.from({ length: 12 }) } };

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({
    op: fc.constantFrom(
      'power-off',
      'power-on',
      'partition',
      'heal',
      'cordon',
      'uncordon',
      'drain',
      'remove-node',
    ),
    node: fc.constantFrom('worker-1', 'worker-2', 'control-plane-1', 'node.example.com'),
  }),
  fc.record({
    op: fc.constantFrom('kill', 'restart'),
    component: fc.constantFrom('kube-scheduler@control-plane-1', 'etcd@control-plane-2'),
  }),
  fc.record(
    {
      op: fc.constantFrom('delete-pod', 'crash', 'oom', 'fail-liveness', 'fail-readiness'),
      pod: fc.constantFrom('default/nginx', 'kube-system/coredns-674b8bbfcf-x2x7k'),
      container: fc.constantFrom('nginx', 'app'),
      exitCode: fc.integer({ min: 0, max: 255 }),
    },
    { requiredKeys: ['op', 'pod'] },
  ),
  fc.record(
    {
      op: fc.constant('add-worker'),
      cpu: fc.constantFrom('2', '500m'),
      memory: fc.constant('4Gi'),
    },
    { requiredKeys: ['op'] },
  ),
  fc.record({
    op: fc.constantFrom('cut-link', 'restore-link'),
    hosts: fc.constantFrom(['worker-1', 'control-plane-1'], ['client', 'load-balancer']),
  }),
) as fc.Arbitrary<Fault>;

const actionArb = (viewTime: number): fc.Arbitrary<SharedAction> =>
  fc.oneof(
    fc.record(
      {
        at: fc.integer({ min: 0, max: viewTime }),
        kind: fc.constant('kubectl' as const),
        command: fc.string({ maxLength: 200 }),
        stdin: fc.string({ maxLength: 500, unit: 'grapheme' }),
        shown: fc.string({ maxLength: 80 }),
      },
      { requiredKeys: ['at', 'kind', 'command'] },
    ),
    fc.record({
      at: fc.integer({ min: 0, max: viewTime }),
      kind: fc.constant('fault' as const),
      fault: faultArb,
    }),
  );

const workerArb = fc.record(
  {
    name: fc.constantFrom('worker-1', 'gpu-a', 'big'),
    cpu: fc.constantFrom('2', '4', '500m'),
    memory: fc.constantFrom('8Gi', '512Mi'),
    labels: fc.constant({ 'topology.kubernetes.io/zone': 'zone-a' }),
    taints: fc.constant<WorkerSpec['taints']>([
      { key: 'gpu', value: 'true', effect: 'NoSchedule' },
    ]),
  },
  { requiredKeys: [] },
);

const viewArb: fc.Arbitrary<SharedView> = fc.integer({ min: 0, max: 3_600_000 }).chain((viewTime) =>
  fc.record(
    {
      session: fc.record(
        {
          v: fc.constant(1 as const),
          cluster: fc.record(
            {
              seed: fc.integer({ min: 0, max: 0xffff_ffff }),
              controlPlaneNodes: fc.constantFrom(1, 3, 5),
              workers: fc.oneof(
                fc.integer({ min: 0, max: 10 }),
                fc.array(workerArb, { maxLength: 10 }),
              ),
              addons: fc.constant(false),
              boot: fc.constant('watch' as const),
            },
            { requiredKeys: ['seed', 'controlPlaneNodes', 'workers'] },
          ),
          actions: fc.array(actionArb(viewTime), { maxLength: 20 }),
          viewTime: fc.constant(viewTime),
          speed: fc.double({ min: 0.1, max: 100, noNaN: true }),
          walkthrough: fc.record({
            scenario: fc.constant('create-pod'),
            step: fc.integer({ min: 0, max: 11 }),
          }),
        },
        { requiredKeys: ['v', 'cluster', 'actions', 'viewTime', 'speed'] },
      ),
      theme: fc.constantFrom('light' as const, 'dark' as const),
    },
    { requiredKeys: ['session'] },
  ),
);

const example: SharedView = {
  session: {
    v: 1,
    cluster: { seed: 1, controlPlaneNodes: 3, workers: [{ cpu: '8', memory: '16Gi' }, {}] },
    actions: [
      { at: 1200, kind: 'kubectl', command: 'apply -f -', stdin: 'kind: Pod\n' },
      { at: 5400, kind: 'fault', fault: { op: 'power-off', node: 'worker-2' } },
    ],
    viewTime: 9000,
    speed: 2,
    walkthrough: { scenario: 'create-pod', step: 3 },
  },
  theme: 'dark',
};

describe('shared links', () => {
  it('decode to exactly the view they were encoded from', () => {
    fc.assert(
      fc.property(viewArb, (view) => {
        const reading = decodeSharedView(encodeSharedView(view), SCENARIO_STEPS);
        expect(reading).toEqual({ kind: 'view', view, ignored: [] });
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('carry a walkthrough progress snapshot through as plain data', () => {
    const state = { index: 2, viewing: 1, reached: true, afterSeq: 40, floorSeq: 12, vars: {} };
    const view = {
      session: { ...example.session, walkthrough: { scenario: 'create-pod', step: 2, state } },
    };
    expect(decodeSharedView(encodeSharedView(view), SCENARIO_STEPS)).toEqual({
      kind: 'view',
      view,
      ignored: [],
    });
  });

  it('round-trip through a page address, keeping the path and query and replacing the fragment', () => {
    const link = shareLink('https://example.edu/course/k8s/?embed=1#old', example);
    expect(link.startsWith('https://example.edu/course/k8s/?embed=1#s=')).toBe(true);
    expect(readLinkFragment(new URL(link).hash, SCENARIO_STEPS)).toEqual({
      kind: 'view',
      view: example,
      ignored: [],
    });
  });

  it('stay short: the example session fits in well under 300 characters', () => {
    expect(encodeSharedView(example).length).toBeLessThan(300);
  });

  it('name only scenarios the page offers (the real create-pod walkthrough decodes)', () => {
    const reading = decodeSharedView(encodeSharedView(example), SCENARIOS);
    expect(reading.kind).toBe('view');
  });

  it('read nothing from an address without a shared state', () => {
    expect(readLinkFragment('', SCENARIO_STEPS)).toEqual({ kind: 'none' });
    expect(readLinkFragment('#intro', SCENARIO_STEPS)).toEqual({ kind: 'none' });
  });

  it('drop a bad theme but keep the session, and say so', () => {
    const wire = JSON.parse(JSON.stringify(wireOf(example))) as Record<string, unknown>;
    wire.th = 'neon';
    const reading = decodeSharedView(raw(wire), SCENARIO_STEPS);
    expect(reading).toEqual({
      kind: 'view',
      view: { session: example.session },
      ignored: ['the theme'],
    });
    expect(linkNotice(reading)).toBe('Part of this link was ignored: the theme.');
  });

  it('explain a refused link in a one-line notice', () => {
    expect(linkNotice({ kind: 'refused', reason: 'the link is too long' })).toBe(
      'This link could not be opened (the link is too long), so the default scenario is shown instead.',
    );
    expect(linkNotice({ kind: 'none' })).toBeUndefined();
  });
});

/** The JSON the codec writes for a view (what a crafted link starts from). */
function wireOf(view: SharedView): unknown {
  return JSON.parse(decompressFromEncodedURIComponent(encodeSharedView(view))!);
}

/** Compresses raw JSON text (or a value) the way a crafted link would. */
function raw(value: unknown): string {
  return compressToEncodedURIComponent(typeof value === 'string' ? value : JSON.stringify(value));
}

/** A valid wire value with one path replaced. */
function mutate(path: (string | number)[], replacement: unknown): string {
  const wire = JSON.parse(JSON.stringify(wireOf(example))) as Record<string, unknown>;
  let at: Record<string | number, unknown> = wire;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (replacement === DELETE) delete at[last];
  else at[last] = replacement;
  return raw(wire);
}
const DELETE = Symbol('delete');

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

const valid = encodeSharedView(example);
const hostile: [string, string][] = [
  // not lz-string at all
  ['empty', ''],
  ['punctuation', '!!!!'],
  ['percent escapes', '%7B%22v%22%3A1%7D'],
  ['base64 of JSON', btoa('{"v":1}')],
  ['spaces', 'abc def'],
  ['unicode', 'ñandú🙂'],
  ['a script tag', '<script>alert(1)</script>'],
  ['a javascript: URL', 'javascript:alert(1)'],
  ['a single character', 'A'],
  ['dollar signs', '$$$$$$$$'],
  ['plus signs', '++++++++'],
  ['a 10 MB string', 'A'.repeat(10 * 1024 * 1024)],
  ['a 65 KB string', 'Q'.repeat(65 * 1024 + 1)],
  ['null bytes', '\u0000\u0000'],
  ['newlines', 'N4Ig\nDgTg'],
  // truncated or damaged valid links
  ...[1, 2, 3, 5, 8, 13, 21, 34, 55].map((n): [string, string] => [
    `the link cut to ${n} characters`,
    valid.slice(0, n),
  ]),
  ...[2, 3, 5, 8, 13].map((n): [string, string] => [
    `the link without its last ${n} characters`,
    valid.slice(0, -n),
  ]),
  ['the link reversed', [...valid].reverse().join('')],
  // not JSON once decompressed
  ['plain text', raw('hello')],
  ['NaN', raw('NaN')],
  ['undefined', raw('undefined')],
  ['a JSON fragment', raw('{"v":1,')],
  ['a number', raw('1')],
  ['null', raw('null')],
  ['a string', raw('"v"')],
  ['an array', raw('[1,2,3]')],
  ['true', raw('true')],
  ['an empty object', raw('{}')],
  ['a megabyte of JSON', raw(JSON.stringify({ v: 1, pad: 'x'.repeat(1024 * 1024) }))],
  ['arrays nested 10 000 deep', raw(nested(10_000))],
  ['arrays nested 20 deep', raw(nested(20))],
  ['objects nested 50 deep', raw('{"a":'.repeat(50) + '1' + '}'.repeat(50))],
  // wrong version
  ['version 2', mutate(['v'], 2)],
  ['version "1"', mutate(['v'], '1')],
  ['no version', mutate(['v'], DELETE)],
  ['version 0', mutate(['v'], 0)],
  // prototype pollution
  ['a __proto__ key at the top', raw(`{"__proto__":{"polluted":1},"v":1}`)],
  ['a constructor key at the top', mutate(['constructor'], { prototype: { polluted: 1 } })],
  [
    'a __proto__ key in the cluster',
    raw(JSON.stringify(wireOf(example)).replace('"c":{', '"c":{"__proto__":{"polluted":1},')),
  ],
  [
    'a __proto__ key in a fault',
    raw(
      JSON.stringify(wireOf(example)).replace(
        '{"op":"power-off"',
        '{"__proto__":{"polluted":1},"op":"power-off"',
      ),
    ),
  ],
  ['a prototype key in a worker', mutate(['c', 'w', 0, 'prototype'], { polluted: 1 })],
  [
    'a __proto__ label on a worker',
    raw(
      JSON.stringify(wireOf(example)).replace(
        '{"cpu":"8"',
        '{"labels":{"__proto__":"x"},"cpu":"8"',
      ),
    ),
  ],
  [
    'a __proto__ key in the walkthrough state',
    raw(
      JSON.stringify(wireOf(example)).replace(
        '["create-pod",3]',
        '["create-pod",3,{"vars":{"__proto__":{"polluted":1}}}]',
      ),
    ),
  ],
  // the cluster
  ['no cluster', mutate(['c'], DELETE)],
  ['a cluster that is a string', mutate(['c'], 'big')],
  ['a cluster that is a list', mutate(['c'], [1, 3, 3])],
  ['a string seed', mutate(['c', 's'], '1')],
  ['a negative seed', mutate(['c', 's'], -1)],
  ['a fractional seed', mutate(['c', 's'], 1.5)],
  ['a seed past uint32', mutate(['c', 's'], 2 ** 32)],
  ['a seed of 1e308', mutate(['c', 's'], 1e308)],
  ['an infinite seed', raw(JSON.stringify(wireOf(example)).replace('"s":1', '"s":1e999'))],
  ['a null seed', mutate(['c', 's'], null)],
  ['zero control-plane nodes', mutate(['c', 'cp'], 0)],
  ['six control-plane nodes', mutate(['c', 'cp'], 6)],
  ['a million control-plane nodes', mutate(['c', 'cp'], 1e6)],
  ['negative workers', mutate(['c', 'w'], -1)],
  ['eleven workers', mutate(['c', 'w'], 11)],
  [
    'a thousand worker specs',
    mutate(
      ['c', 'w'],
      Array.from({ length: 1000 }, () => ({})),
    ),
  ],
  ['a worker spec that is a number', mutate(['c', 'w', 0], 4)],
  ['a worker with a bad cpu', mutate(['c', 'w', 0, 'cpu'], 'lots')],
  ['a worker with a numeric memory', mutate(['c', 'w', 0, 'memory'], 16)],
  ['a worker with an upper-case name', mutate(['c', 'w', 0, 'name'], 'Worker_1')],
  ['a worker with a 200-character name', mutate(['c', 'w', 0, 'name'], 'a'.repeat(200))],
  [
    'a worker with a bad taint effect',
    mutate(['c', 'w', 0, 'taints'], [{ key: 'a', effect: 'Evict' }]),
  ],
  [
    'a worker with 100 labels',
    mutate(
      ['c', 'w', 0, 'labels'],
      Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'v'])),
    ),
  ],
  ['a worker with a bad label value', mutate(['c', 'w', 0, 'labels'], { a: 'has spaces' })],
  ['addons set to true', mutate(['c', 'ad'], true)],
  ['a boot mode other than watched', mutate(['c', 'b'], 'wait')],
  // times and speed
  ['no view time', mutate(['t'], DELETE)],
  ['a negative view time', mutate(['t'], -1)],
  ['a view time of a year', mutate(['t'], 365 * 24 * 3600 * 1000)],
  ['a string view time', mutate(['t'], '9000')],
  ['a null view time (NaN written as JSON)', mutate(['t'], NaN)],
  ['a speed of zero', mutate(['sp'], 0)],
  ['a speed of 1000', mutate(['sp'], 1000)],
  ['a negative speed', mutate(['sp'], -2)],
  ['a string speed', mutate(['sp'], 'fast')],
  ['no speed', mutate(['sp'], DELETE)],
  // actions
  ['actions that are an object', mutate(['a'], { 0: [0, 'k', 'get pods'] })],
  [
    '501 actions',
    mutate(
      ['a'],
      Array.from({ length: 501 }, () => [0, 'k', 'get pods']),
    ),
  ],
  ['an action that is a string', mutate(['a', 0], 'get pods')],
  ['an action with a negative time', mutate(['a', 0, 0], -5)],
  ['an action beyond a day of virtual time', mutate(['a', 0, 0], 1e12)],
  ['an action with a string time', mutate(['a', 0, 0], '1200')],
  ['an action with an unknown kind', mutate(['a', 0, 1], 'x')],
  ['an action without a command', mutate(['a', 0], [1200, 'k'])],
  ['a numeric command', mutate(['a', 0, 2], 42)],
  ['a 3000-character command', mutate(['a', 0, 2], 'get '.repeat(750))],
  ['a 100 KB stdin', mutate(['a', 0, 3], 'x'.repeat(100 * 1024))],
  ['a stdin that is an object', mutate(['a', 0, 3], { yaml: 'x' })],
  ['an action with six fields', mutate(['a', 0], [1200, 'k', 'get pods', null, 'x', 'y'])],
  ['a fault action without a fault', mutate(['a', 1], [5400, 'f'])],
  ['an unknown fault op', mutate(['a', 1, 2, 'op'], 'explode')],
  ['a fault op that is a prototype key', mutate(['a', 1, 2, 'op'], '__proto__')],
  ['a fault that is a list', mutate(['a', 1, 2], ['power-off', 'worker-2'])],
  ['a node fault without a node', mutate(['a', 1, 2], { op: 'power-off' })],
  ['a node fault with a numeric node', mutate(['a', 1, 2], { op: 'power-off', node: 2 })],
  ['a node fault with a path in the node', mutate(['a', 1, 2], { op: 'drain', node: '../etc' })],
  ['a node fault with a shell command', mutate(['a', 1, 2], { op: 'cordon', node: 'w; rm -rf /' })],
  ['a kill without a component', mutate(['a', 1, 2], { op: 'kill', node: 'worker-1' })],
  ['a kill of a malformed component', mutate(['a', 1, 2], { op: 'kill', component: 'etcd@@x' })],
  ['a crash of a malformed pod', mutate(['a', 1, 2], { op: 'crash', pod: 'nginx' })],
  ['a link cut with one host', mutate(['a', 1, 2], { op: 'cut-link', hosts: ['worker-1'] })],
  [
    'a link cut with three hosts',
    mutate(['a', 1, 2], { op: 'cut-link', hosts: ['worker-1', 'worker-2', 'worker-3'] }),
  ],
  [
    'a crash with exit code 256',
    mutate(['a', 1, 2], { op: 'crash', pod: 'default/nginx', exitCode: 256 }),
  ],
  [
    'a crash with exit code -1',
    mutate(['a', 1, 2], { op: 'crash', pod: 'default/nginx', exitCode: -1 }),
  ],
  ['an add-worker with a bad memory', mutate(['a', 1, 2], { op: 'add-worker', memory: 'much' })],
  // the walkthrough
  ['an unknown scenario', mutate(['wt', 0], 'rm-rf')],
  ['a scenario named __proto__', mutate(['wt', 0], '__proto__')],
  ['a scenario named toString', mutate(['wt', 0], 'toString')],
  ['a step past the last', mutate(['wt', 1], 12)],
  ['a negative step', mutate(['wt', 1], -1)],
  ['a fractional step', mutate(['wt', 1], 1.5)],
  ['a walkthrough that is an object', mutate(['wt'], { scenario: 'create-pod', step: 1 })],
];

describe('a malformed, truncated, oversized or hostile link', () => {
  it('is a corpus of at least 100 cases', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(100);
  });

  it.each(hostile)('is refused cleanly: %s', (_name, encoded) => {
    const reading = decodeSharedView(encoded, SCENARIO_STEPS);
    expect(reading.kind).toBe('refused');
    if (reading.kind === 'refused') expect(reading.reason).toMatch(/^[a-z"].{5,120}$/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['A'.repeat(10 * 1024 * 1024), 'the link is too long'],
    ['<script>', 'the link has characters it cannot have'],
    [valid.slice(0, 8), 'the link is damaged or cut short'],
    [raw(JSON.stringify({ v: 1, pad: 'x'.repeat(1024 * 1024) })), 'the link holds too much'],
    [raw(nested(20)), 'the link nests too deeply'],
    [mutate(['v'], 2), 'the link is from an unknown version'],
    [mutate(['wt', 0], 'rm-rf'), 'there is no scenario "rm-rf"'],
    [mutate(['a', 1, 2, 'op'], 'explode'), 'actions[1] fault.op is not a known fault'],
    [mutate(['c', 'cp'], 6), 'cluster.controlPlaneNodes is not between 1 and 5'],
    [mutate(['a', 0, 0], 1e12), 'actions[0] time is not between 0 and 86400000'],
    [raw(`{"__proto__":{"polluted":1},"v":1}`), 'the link has a forbidden key "__proto__"'],
  ])('says why: %#', (encoded, reason) => {
    expect(decodeSharedView(encoded as string, SCENARIO_STEPS)).toEqual({
      kind: 'refused',
      reason,
    });
  });
});
