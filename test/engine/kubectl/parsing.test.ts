import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../../src/engine/kubectl/flags';
import { splitCommandLine } from '../../../src/engine/kubectl/shell-words';
import { formatTabbed, GET_TABWRITER } from '../../../src/engine/kubectl/tabwriter';
import { errorMessage, ApiStatusError, ConnectionError } from '../../../src/engine/kubectl/errors';
import { goYamlKeyLess, toJson, toYaml } from '../../../src/engine/kubectl/encode';
import { executeJsonPath } from '../../../src/engine/kubectl/jsonpath';
import { parseManifest } from '../../../src/engine/kubectl/manifest';
import {
  multipleTypesRequested,
  parseResourceArgs,
} from '../../../src/engine/kubectl/resource-args';

describe('command line words', () => {
  it.each([
    ['get pods -o wide', ['get', 'pods', '-o', 'wide']],
    [`get pods -l 'app in (a, b)'`, ['get', 'pods', '-l', 'app in (a, b)']],
    [
      `run x --image=nginx --env="A=b c" -- sh -c "echo \\"hi\\""`,
      ['run', 'x', '--image=nginx', '--env=A=b c', '--', 'sh', '-c', 'echo "hi"'],
    ],
    [`label pod x a\\ b=c`, ['label', 'pod', 'x', 'a b=c']],
  ])('splits %s like a shell', (line, words) => {
    expect(splitCommandLine(line)).toEqual(words);
  });
});

describe('flags', () => {
  const specs = [
    { name: 'namespace', short: 'n', type: 'string' as const },
    { name: 'all-namespaces', short: 'A', type: 'bool' as const },
    { name: 'watch', short: 'w', type: 'bool' as const },
    { name: 'replicas', type: 'int' as const },
    { name: 'env', type: 'stringArray' as const },
  ];
  it('reads long, short, attached and grouped forms', () => {
    const p = parseFlags(
      ['pods', '-nkube-system', '--replicas', '3', '-Aw', '--env=A=1', '--env', 'B=2', 'x'],
      specs,
    );
    expect(p.args).toEqual(['pods', 'x']);
    expect(p.values.get('namespace')).toBe('kube-system');
    expect(p.values.get('replicas')).toBe(3);
    expect(p.values.get('all-namespaces')).toBe(true);
    expect(p.values.get('watch')).toBe(true);
    expect(p.values.get('env')).toEqual(['A=1', 'B=2']);
  });
  it('stops at -- and remembers where', () => {
    const p = parseFlags(['x', '--', '-n', 'y'], specs);
    expect(p.args).toEqual(['x', '-n', 'y']);
    expect(p.argsLenAtDash).toBe(1);
  });
  it.each([
    [['--bogus'], 'unknown flag: --bogus'],
    [['-x'], "unknown shorthand flag: 'x' in -x"],
    [['-n'], "flag needs an argument: 'n' in -n"],
    [['--namespace'], 'flag needs an argument: --namespace'],
    [
      ['-A=x'],
      'invalid argument "x" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "x": invalid syntax',
    ],
    [
      ['--replicas=two'],
      'invalid argument "two" for "--replicas" flag: strconv.ParseInt: parsing "two": invalid syntax',
    ],
  ])("rejects %j with pflag's message", (words, message) => {
    expect(() => parseFlags(words, specs)).toThrow(message);
  });
});

describe('tabwriter', () => {
  it('pads every column but the last by 3 with a minimum cell width of 6', () => {
    const text = 'NAME\tREADY\tSTATUS\tAGE\nnginx\t0/1\tPending\t5s\nx\t1/1\tRunning\t10m\n';
    expect(formatTabbed(text, GET_TABWRITER)).toBe(
      'NAME    READY   STATUS    AGE\nnginx   0/1     Pending   5s\nx       1/1     Running   10m\n',
    );
  });

  it('remembers column widths across flushes, growing them for wider cells (RememberWidths)', () => {
    const remembered: number[] = [];
    const flushes = [
      ['NAME\tSTATUS\tAGE\nnginx\tPending\t0s\n', 'NAME    STATUS    AGE\nnginx   Pending   0s\n'],
      ['a\tRunning\t1s\n', 'a       Running   1s\n'],
      ['a\tContainerCreating\t2s\n', 'a       ContainerCreating   2s\n'],
      ['a\tRunning\t3s\n', 'a       Running             3s\n'],
      ['a-much-longer-name\tx\t4s\n', 'a-much-longer-name   x                   4s\n'],
    ];
    for (const [text, want] of flushes)
      expect(formatTabbed(text, GET_TABWRITER, remembered)).toBe(want);
    expect(remembered).toEqual([21, 20]);
  });
});

describe('error rendering', () => {
  const status = (reason: string | undefined, message: string, details?: object) =>
    new ApiStatusError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      details,
      code: 500,
    });
  it.each([
    [
      status('NotFound', 'pods "x" not found'),
      'Error from server (NotFound): pods "x" not found\n',
    ],
    [
      status(undefined, 'etcdserver: request timed out'),
      'Error from server: etcdserver: request timed out\n',
    ],
    [
      status('Unauthorized', 'Unauthorized'),
      'error: You must be logged in to the server (Unauthorized)\n',
    ],
    [
      status('Invalid', 'Pod "x" is invalid: spec.containers[0].image: Required value', {
        kind: 'Pod',
        name: 'x',
        causes: [{ field: 'spec.containers[0].image', message: 'Required value' }],
      }),
      'The Pod "x" is invalid: spec.containers[0].image: Required value\n',
    ],
    [
      status('Invalid', 'Pod "x" is invalid: [a, b]', {
        kind: 'Pod',
        name: 'x',
        causes: [
          { field: 'metadata.name', message: 'Required value' },
          { field: 'spec.containers', message: 'Required value' },
        ],
      }),
      'The Pod "x" is invalid: \n* metadata.name: Required value\n* spec.containers: Required value\n',
    ],
    [
      new ConnectionError('refused', 'control-plane-1:6443'),
      'The connection to the server control-plane-1:6443 was refused - did you specify the right host or port?\n',
    ],
    [
      new ConnectionError('timeout', 'control-plane-1:6443', '10.0.0.11:6443'),
      'Unable to connect to the server: dial tcp 10.0.0.11:6443: i/o timeout\n',
    ],
  ])('prints %s as kubectl does', (err, text) => {
    expect(errorMessage(err)).toBe(text);
  });
});

describe('output encodings', () => {
  it('sorts keys, leaves sequences unindented and double-quotes strings YAML 1.1 would retype', () => {
    expect(
      toYaml({
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { creationTimestamp: '2024-01-01T00:00:00Z', name: 'x' },
        spec: {
          containers: [
            {
              name: 'c',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: 'yes' },
              ],
              resources: {},
            },
          ],
        },
      }),
    ).toBe(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: "2024-01-01T00:00:00Z"\n  name: x\nspec:\n  containers:\n  - env:\n    - name: A\n      value: "1"\n    - name: B\n      value: "yes"\n    name: c\n    resources: {}\n',
    );
  });
  it('orders keys as go-yaml v2 does: non-letters first, digit runs as numbers', () => {
    expect(goYamlKeyLess('a10', 'a9')).toBe(false);
    expect(goYamlKeyLess('_x', 'Ax')).toBe(true);
  });
  it('prints JSON with four spaces, sorted keys and escaped HTML characters', () => {
    expect(toJson({ b: 1, a: '<&>' })).toBe(
      '{\n    "a": "\\u003c\\u0026\\u003e",\n    "b": 1\n}\n',
    );
  });
  it('runs jsonpath fields, wildcards and ranges', () => {
    const list = { items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }] };
    expect(executeJsonPath('{.items[*].metadata.name}', list)).toBe('a b');
    expect(executeJsonPath('{range .items[*]}{.metadata.name}{"\\n"}{end}', list)).toBe('a\nb\n');
    expect(executeJsonPath('{.items[1].metadata.name}', list)).toBe('b');
  });
});

describe('manifests', () => {
  it('reads several documents and flattens a List', () => {
    const objs = parseManifest(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\nkind: List\napiVersion: v1\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: b\n',
    );
    expect(objs.map((o) => `${o.info.resource}/${o.obj.metadata.name}`)).toEqual([
      'pods/a',
      'deployments/b',
    ]);
  });
  it.each([
    [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x: y\n',
      'error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context',
    ],
    [
      'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n',
      'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first',
    ],
    [
      'apiVersion: v1\nmetadata:\n  name: x\n',
      'error: error validating "STDIN": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false',
    ],
  ])("rejects bad input with kubectl's message", (text, message) => {
    expect(() => parseManifest(text)).toThrow(message);
  });

  // each case run through kubectl v1.32 (`create -f - --dry-run=client --validate=false`):
  // libyaml's words, and its line (a parser error names the line before the offending token)
  it.each([
    [
      'tab indenting a key',
      'metadata:\n\tname: x\n',
      'line 2: found character that cannot start any token',
    ],
    [
      'tab where a plain scalar could continue',
      'metadata:\n  name: x\n\tlabels: {}\n',
      'line 3: found a tab character that violates indentation',
    ],
    [
      'tab before a sequence item',
      'spec:\n  args:\n  - hello\n\t- world\n',
      'line 4: found a tab character that violates indentation',
    ],
    [
      'unclosed empty flow sequence',
      'metadata:\n  name: x\n  labels: [\n',
      'line 3: did not find expected node content',
    ],
    [
      'flow sequence ending in a comma',
      'metadata:\n  labels: [a,\n',
      'line 2: did not find expected node content',
    ],
    [
      'flow map ending in a colon',
      'metadata:\n  labels: {a: \n',
      'line 2: did not find expected node content',
    ],
    [
      'unclosed flow map',
      'metadata:\n  labels: {a: b\n',
      "line 2: did not find expected ',' or '}'",
    ],
    [
      'unclosed flow sequence before more keys',
      'metadata:\n  labels: [a, b\nspec: {}\n',
      "line 2: did not find expected ',' or ']'",
    ],
    ['unterminated quote', 'metadata:\n  name: "x\n', 'line 3: found unexpected end of stream'],
    [
      'nested mapping on one line',
      'metadata:\n  name: x\nspec: a: b\n',
      'line 3: mapping values are not allowed in this context',
    ],
    [
      'mapping value on a continuation line',
      'a: b\n  c: d\n',
      'line 2: mapping values are not allowed in this context',
    ],
    [
      'key left of its mapping',
      'metadata:\n  name: x\n labels: {}\n',
      'line 2: did not find expected key',
    ],
    [
      'key after an indentless sequence item',
      'spec:\n  containers:\n  - name: a\n   image: b\n',
      'line 3: did not find expected key',
    ],
    [
      'key after an indented sequence item',
      'spec:\n  containers:\n    - name: a\n     image: b\n',
      "line 3: did not find expected '-' indicator",
    ],
    ['key in a sequence', 'a:\n  - x\n  y: 1\n', "line 2: did not find expected '-' indicator"],
    [
      'sequence item in a mapping',
      'metadata:\n  name: x\n  - a\n',
      'line 2: did not find expected key',
    ],
    ['alias without an anchor', 'metadata:\n  name: *x\n', "unknown anchor 'x' referenced"],
  ])('words a YAML error as go-yaml does: %s', (_, text, problem) => {
    expect(() => parseManifest(text)).toThrow(
      `error: error parsing STDIN: error converting YAML to JSON: yaml: ${problem}`,
    );
  });

  it('keeps the last value of a repeated key, as YAMLToJSON does', () => {
    const [pod] = parseManifest('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n');
    expect(pod.obj.metadata.name).toBe('b');
  });
});

describe('resource arguments', () => {
  it('resolves short names, type lists and type/name pairs', () => {
    expect(
      parseResourceArgs(['po', 'a', 'b'], 'kubectl get').map((r) => [r.info.resource, r.names]),
    ).toEqual([['pods', ['a', 'b']]]);
    expect(parseResourceArgs(['deploy,svc'], 'kubectl get').map((r) => r.info.resource)).toEqual([
      'deployments',
      'services',
    ]);
    expect(
      parseResourceArgs(['pod/a', 'svc/b', 'pod/c'], 'kubectl get').map((r) => [
        r.info.resource,
        r.names,
      ]),
    ).toEqual([
      ['pods', ['a', 'c']],
      ['services', ['b']],
    ]);
  });
  it('rejects an unknown type as the server would', () => {
    expect(() => parseResourceArgs(['foo'], 'kubectl get')).toThrow(
      'error: the server doesn\'t have a resource type "foo"',
    );
  });
  it.each([
    [['pods'], false],
    [['pod/a'], false],
    [['all'], true],
    [['deploy,svc'], true],
    [['pod/a', 'svc/b'], true],
  ])('knows when %j asks for several types', (args, expected) => {
    expect(multipleTypesRequested(args)).toBe(expected);
  });
});
