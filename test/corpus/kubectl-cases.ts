// Hostile and malformed kubectl input: command lines and `apply -f -` manifests, each with the
// error real kubectl gives (checked against kubectl 1.32 where it fails before any request).

/** One kubectl invocation and what it must print on stderr. */
export interface KubectlCase {
  name: string;
  command: string;
  stdin?: string;
  stderr: string | RegExp;
  /** where the simulation's message differs from real kubectl's today: what real kubectl says */
  divergence?: string;
}

// k8s.io/apimachinery/pkg/util/validation/validation.go: RFC 1123 subdomain message
const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const PARSE = 'error: error parsing STDIN: error converting YAML to JSON: yaml: ';

const configMap = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n`;

/** Hand-written cases with the exact message. */
const handWritten: KubectlCase[] = [
  {
    name: 'a mapping value where a scalar is',
    command: 'apply -f -',
    stdin: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec: a: b\n',
    stderr: `${PARSE}line 5: mapping values are not allowed in this context\n`,
  },
  {
    name: 'no kind',
    command: 'apply -f -',
    stdin: 'apiVersion: v1\nmetadata:\n  name: x\n',
    stderr:
      'error: error validating "STDIN": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n',
  },
  {
    name: 'no apiVersion',
    command: 'apply -f -',
    stdin: 'kind: Pod\nmetadata:\n  name: x\n',
    stderr:
      'error: error validating "STDIN": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\n',
  },
  {
    name: 'an empty manifest',
    command: 'apply -f -',
    stdin: '',
    stderr: 'error: no objects passed to apply\n',
  },
  {
    name: 'only comments and separators',
    command: 'apply -f -',
    stdin: '# nothing\n---\n---\n',
    stderr: 'error: no objects passed to apply\n',
  },
  {
    name: 'a pod without containers',
    command: 'apply -f -',
    stdin: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: empty\nspec: {}\n',
    stderr: 'The Pod "empty" is invalid: spec.containers: Required value\n',
  },
  {
    name: 'a CPU request that is not a quantity',
    command: 'apply -f -',
    stdin:
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: q\nspec:\n  containers: [{name: c, image: nginx, resources: {requests: {cpu: lots}}}]\n',
    // resource.Quantity UnmarshalJSON fails while the apiserver decodes the body
    stderr:
      'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'\n',
  },
  {
    name: 'billion laughs',
    command: 'apply -f -',
    stdin:
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' +
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n' +
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n' +
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n',
    // yaml.v2 decode.go: allowedAliasRatio
    stderr: 'error: Excessive alias count indicates a resource exhaustion attack\n',
  },
  {
    name: 'a document that is a number',
    command: 'apply -f -',
    stdin: '42\n',
    stderr:
      'error: error parsing STDIN: json: cannot unmarshal number into Go value of type map[string]interface {}\n',
  },
  {
    name: 'a document that is a list',
    command: 'apply -f -',
    stdin: '- a\n- b\n',
    stderr:
      'error: error parsing STDIN: json: cannot unmarshal array into Go value of type map[string]interface {}\n',
  },
  {
    name: 'an unknown flag',
    command: 'get pods --frob',
    stderr: "error: unknown flag: --frob\nSee 'kubectl get --help' for usage.\n",
  },
  {
    name: 'a flag without its value',
    command: 'get pods -o',
    stderr: "error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage.\n",
  },
  {
    name: 'scale without --replicas',
    command: 'scale deployment web',
    stderr: 'error: required flag(s) "replicas" not set\n',
  },
  {
    name: 'apply without a file',
    command: 'apply',
    stderr: 'error: must specify one of -f and -k\n',
  },
  {
    name: 'an unbalanced double quote',
    command: 'get pods -l "app=web',
    stderr: 'bash: unexpected EOF while looking for matching `"\'\n',
  },
  {
    name: 'an unbalanced single quote',
    command: "run 'x --image=nginx",
    stderr: "bash: unexpected EOF while looking for matching `''\n",
  },
  {
    name: 'a doubled equality in a label selector',
    command: 'get pods -l a==b==c',
    stderr: "Error from server (BadRequest): found '==', expected: ',' or 'end of string'\n",
  },
  {
    name: 'an unsupported field selector',
    command: 'get pods --field-selector spec.foo=x',
    stderr:
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=x": field label not supported: spec.foo\n',
  },
];

// Small deterministic generator (the corpus is the same every run).
function* lcg(seed: number): Generator<number> {
  let s = seed >>> 0;
  for (;;) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    yield s;
  }
}

const WORDS = [
  'frob',
  'zork',
  'widget',
  'gadget',
  'podz',
  'nodez',
  'deploy-ment',
  'svcs',
  'x1',
  'quux',
];

/** Generated cases: every entry is invalid by construction and its error is known exactly. */
function generated(): KubectlCase[] {
  const out: KubectlCase[] = [];
  const rnd = lcg(8);
  const pick = <T>(xs: readonly T[]) => xs[rnd.next().value! % xs.length];
  // unknown flags on every common verb
  for (const verb of ['get', 'describe', 'delete', 'apply', 'create', 'scale', 'label', 'run']) {
    for (const w of WORDS) {
      const flag = `--${w}-${verb}`;
      out.push({
        name: `${verb} with unknown flag ${flag}`,
        command: `${verb} ${flag}`,
        stderr: `error: unknown flag: ${flag}\nSee 'kubectl ${verb} --help' for usage.\n`,
      });
    }
  }
  // unknown commands
  // (words of 4+ letters: shorter ones are within cobra's suggestion distance of real commands)
  for (const w of WORDS.filter((x) => x.length >= 4)) {
    for (const suffix of ['', 's']) {
      out.push({
        name: `the unknown command ${w}${suffix}`,
        command: `${w}${suffix} pods`,
        stderr: `error: unknown command "${w}${suffix}" for "kubectl"\n`,
      });
    }
  }
  // unknown resource types
  for (let i = 0; i < 80; i++) {
    const r = `${pick(WORDS)}${i}`;
    out.push({
      name: `get the unknown resource ${r}`,
      command: `get ${r}`,
      stderr: `error: the server doesn't have a resource type "${r}"\n`,
    });
  }
  // unbalanced quotes anywhere in a command line
  for (let i = 0; i < 60; i++) {
    const q = i % 2 ? '"' : "'";
    const command = `get pods -l ${q}app=${pick(WORDS)}${i}`;
    out.push({
      name: `unbalanced ${q} in ${command}`,
      command,
      stderr: `bash: unexpected EOF while looking for matching \`${q}'\n`,
    });
  }
  // unknown kinds in manifests
  for (let i = 0; i < 80; i++) {
    const kind = `${pick(WORDS).replace(/^./, (c) => c.toUpperCase())}Kind${i}`;
    const name = `obj-${i}`;
    out.push({
      name: `a manifest of the unknown kind ${kind}`,
      command: 'apply -f -',
      stdin: `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n`,
      stderr: `error: resource mapping not found for name: "${name}" namespace: "" from "STDIN": no matches for kind "${kind}" in version "v1"\nensure CRDs are installed first\n`,
    });
  }
  // names that are not RFC 1123 subdomains (upper case, underscores, leading or trailing dashes)
  const badName = (i: number) => {
    const base = `${pick(WORDS)}${i}`;
    return [
      `${base.toUpperCase()}`,
      `${base}_x`,
      `-${base}`,
      `${base}-`,
      `${base}..a`,
      `a.${base}.`,
    ][i % 6];
  };
  for (let i = 0; i < 120; i++) {
    const name = badName(i);
    out.push({
      name: `a ConfigMap named ${name}`,
      command: 'apply -f -',
      stdin: configMap(JSON.stringify(name)),
      stderr: `The ConfigMap "${name}" is invalid: metadata.name: Invalid value: "${name}": ${SUBDOMAIN}\n`,
    });
  }
  // YAML syntax errors: a colon after a plain value on a key's line
  for (let i = 0; i < 60; i++) {
    out.push({
      name: `a stray mapping value in document ${i}`,
      command: 'apply -f -',
      stdin: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  a: b: ${i}\n`,
      stderr: `${PARSE}line 6: mapping values are not allowed in this context\n`,
    });
  }
  // unclosed flow collections and quotes, at every depth
  for (let depth = 1; depth <= 40; depth++) {
    out.push({
      name: `${depth} unclosed [ in data`,
      command: 'apply -f -',
      stdin: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: ${'['.repeat(depth)}\n`,
      stderr: new RegExp(`^${PARSE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}line \\d+: .+\\n$`),
    });
    out.push({
      name: `an unclosed quote after ${depth} keys`,
      command: 'apply -f -',
      stdin: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${[...Array(depth).keys()].map((k) => `  k${k}: v\n`).join('')}  last: "open\n`,
      stderr: new RegExp(`^${PARSE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}line \\d+: .+\\n$`),
    });
  }
  // documents that are not objects
  const scalars = ['true', '3.14', '"text"', "'quoted'", '- [1, 2]', '[a, b]'];
  for (const s of scalars) {
    const type = /^(-|\[)/.test(s)
      ? 'array'
      : s === 'true'
        ? 'bool'
        : /^\d/.test(s)
          ? 'number'
          : 'string';
    out.push({
      name: `a document that is ${s}`,
      command: 'apply -f -',
      stdin: `${s}\n`,
      stderr: `error: error parsing STDIN: json: cannot unmarshal ${type} into Go value of type map[string]interface {}\n`,
    });
  }
  // unknown fields: kubectl sends fieldValidation=Strict, the apiserver names each one
  const deployment = (name: string, specLine: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n${specLine}  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
  const cannot = (kind: string) =>
    `Error from server (BadRequest): error when creating "STDIN": ${kind} in version "v1" cannot be handled as a ${kind}: `;
  for (const [i, typo] of ['replica', 'Replicas', 'replicaz', 'strategyy', 'minReady'].entries()) {
    for (const verb of ['apply', 'create']) {
      out.push({
        name: `${verb} a Deployment with the unknown field spec.${typo}`,
        command: `${verb} -f -`,
        stdin: deployment(`typo-${verb}-${i}`, `  ${typo}: 2\n`),
        stderr: `${cannot('Deployment')}strict decoding error: unknown field "spec.${typo}"\n`,
      });
    }
  }
  // values of the wrong type: encoding/json's message, behind the apiserver's
  const wrong: [string, string, string][] = [
    ['  replicas: two\n', 'string', 'DeploymentSpec.spec.replicas of type int32'],
    ['  replicas: 1.5\n', 'number 1.5', 'DeploymentSpec.spec.replicas of type int32'],
    ['  paused: 3\n', 'number', 'DeploymentSpec.spec.paused of type bool'],
    [
      '  strategy: Recreate\n',
      'string',
      'DeploymentSpec.spec.strategy of type v1.DeploymentStrategy',
    ],
    ['  minReadySeconds: [1]\n', 'array', 'DeploymentSpec.spec.minReadySeconds of type int32'],
  ];
  for (const [i, [line, value, field]] of wrong.entries()) {
    out.push({
      name: `a Deployment with ${line.trim()}`,
      command: 'apply -f -',
      stdin: deployment(`wrong-${i}`, line),
      stderr: `${cannot('Deployment')}json: cannot unmarshal ${value} into Go struct field ${field}\n`,
    });
  }
  for (const cpu of ['lots', 'one', '1x', 'true', '{a: 1}']) {
    out.push({
      name: `a CPU limit of ${cpu}`,
      command: 'apply -f -',
      stdin: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: cpu\nspec:\n  containers: [{name: c, image: nginx, resources: {limits: {cpu: ${cpu}}}}]\n`,
      stderr: `${cannot('Pod')}quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n`,
    });
  }
  // deep nesting and a huge document: parsed, then rejected for what they lack
  for (const depth of [100, 1000, 5000]) {
    out.push({
      divergence:
        depth > 100
          ? 'go-yaml parses flow mappings up to 10,000 deep, so kubectl says "kind not set"; the simulation says "did not find expected key"'
          : undefined,
      name: `a document nested ${depth} deep with no kind`,
      command: 'apply -f -',
      stdin: `apiVersion: v1\nmetadata: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`,
      stderr:
        'error: error validating "STDIN": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n',
    });
  }
  out.push({
    name: 'a 2 MB document with no apiVersion',
    command: 'apply -f -',
    stdin: `kind: ConfigMap\ndata:\n${[...Array(40_000).keys()].map((k) => `  key${k}: ${'v'.repeat(40)}\n`).join('')}`,
    stderr:
      'error: error validating "STDIN": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\n',
  });
  return out;
}

/** Every kubectl case of the corpus. */
export const kubectlCases: KubectlCase[] = [...handWritten, ...generated()];
