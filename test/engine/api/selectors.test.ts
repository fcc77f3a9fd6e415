import {
  convertFieldLabel,
  formatLabelSelector,
  formatLabels,
  isEverything,
  labelSelectorAsSelector,
  labelSelectorString,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseFieldSelectorFor,
  parseLabelSelector,
  selectableFields,
  supportedFieldLabels,
} from '../../../src/engine/api/selectors';
import type { KubeObject } from '../../../src/engine/api/types';

const parse = (s: string) => parseLabelSelector(s);
const str = (s: string) => labelSelectorString(parse(s));

describe('parseLabelSelector', () => {
  // apimachinery pkg/labels/selector_test.go TestSetSelectorParser (valid rows), with the
  // String() form each parses to
  it.each([
    ['', ''],
    ['\rx', 'x'],
    ['this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
    [
      'this-is-another-dns.domain.com/key-with-dash in (so,what)',
      'this-is-another-dns.domain.com/key-with-dash in (so,what)',
    ],
    [
      '0.1.2.domain/99 notin (10.10.100.1, tick.tock.clock)',
      '0.1.2.domain/99 notin (10.10.100.1,tick.tock.clock)',
    ],
    ['foo  in\t (abc)', 'foo in (abc)'],
    ['x notin\n (abc)', 'x notin (abc)'],
    ['x  notin\t\t(abc,def)', 'x notin (abc,def)'],
    ['x in (abc,def)', 'x in (abc,def)'],
    ['x in (abc,)', 'x in (,abc)'],
    ['x in ()', 'x in ()'],
    ['x notin (abc,,def),bar,z in (),w', 'bar,w,x notin (,abc,def),z in ()'],
    ['x,y in (a)', 'x,y in (a)'],
    ['x=a', 'x=a'],
    ['x>1', 'x>1'],
    ['x<7', 'x<7'],
    ['x=a,y!=b', 'x=a,y!=b'],
    ['x=a,y!=b,z in (h,i,j)', 'x=a,y!=b,z in (h,i,j)'],
    ['x notin ( )', 'x notin ()'],
    ['x notin (, a)', 'x notin (,a)'],
    ['a ', 'a'],
    ['a in (x,y,notin, z,in)', 'a in (in,notin,x,y,z)'],
    ['x==a', 'x==a'],
    ['!x', '!x'],
    ['x=', 'x='],
    ['x= ,z= ', 'x=,z='],
  ])('parses %j as %j', (input, want) => {
    expect(str(input)).toBe(want);
  });

  // selector_test.go TestSetSelectorParser (invalid rows) and TestSelectorParse bad strings
  it.each([
    'x=a||y=b',
    'x,,y',
    ',x,y',
    'x nott in (y)',
    'a in (xyz),',
    'a in (xyz)b notin ()',
    'a in (xyz abc)',
    'a notin(',
    'a (',
    '(',
    'x==a==b',
    '!x=a',
    'x<a',
  ])('rejects %j', (input) => {
    expect(() => parse(input)).toThrow();
  });

  it.each([
    ['x=a y=b', "found 'y', expected: ',' or 'end of string'"],
    ['x,,y', "found ',', expected: identifier after ','"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['a (', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x in y', "unable to parse requirement: found 'y' expected: '('"],
  ])('explains why %j is invalid', (input, message) => {
    expect(() => parse(input)).toThrow(message);
  });

  it('reports an invalid key the way kubectl shows it', () => {
    expect(() => parse('a$=b')).toThrow(
      `unable to parse requirement: <nil>: Invalid value: "a$": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
  });

  it('reports an invalid value with its requirement path', () => {
    expect(() => parse('a=b$')).toThrow(
      `unable to parse requirement: values[0][a]: Invalid value: "b$": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: 'front', version: '3' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['tier in (front,back)', true],
    ['tier notin (front)', false],
    ['missing notin (x)', true],
    ['missing in (x)', false],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['version>2', true],
    ['version<3', false],
    ['app>1', false],
    ['app=web,tier=back', false],
    ['x in (foo,,baz),y,z notin ()', false],
  ])('%j against app=web,tier=front,version=3 is %s', (selector, want) => {
    expect(matchesLabels(parse(selector), labels)).toBe(want);
  });

  it('treats an empty value in a set as matching an empty label', () => {
    expect(matchesLabels(parse('x in (foo,,baz),y'), { x: '', y: 'any' })).toBe(true);
    expect(matchesLabels(parse('z notin ()'), { z: '' })).toBe(false);
  });
});

describe('labelSelectorAsSelector', () => {
  it('matches nothing for a null selector and everything for an empty one', () => {
    expect(matchesLabels(labelSelectorAsSelector(null), { a: 'b' })).toBe(false);
    expect(matchesLabels(labelSelectorAsSelector(undefined), {})).toBe(false);
    expect(matchesLabels(labelSelectorAsSelector({}), {})).toBe(true);
    expect(isEverything(labelSelectorAsSelector({ matchLabels: {} }))).toBe(true);
  });

  it('combines matchLabels and matchExpressions sorted by key', () => {
    const sel = labelSelectorAsSelector({
      matchLabels: { tier: 'front', app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists' },
        { key: 'arch', operator: 'NotIn', values: ['arm'] },
      ],
    });
    expect(labelSelectorString(sel)).toBe(
      'app=web,arch notin (arm),!canary,env in (dev,prod),tier=front,zone',
    );
    expect(
      matchesLabels(sel, { app: 'web', tier: 'front', env: 'prod', zone: 'a', arch: 'amd64' }),
    ).toBe(true);
    expect(
      matchesLabels(sel, { app: 'web', tier: 'front', env: 'prod', zone: 'a', canary: '' }),
    ).toBe(false);
  });

  it('rejects an unknown operator with the upstream message', () => {
    expect(() =>
      labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }),
    ).toThrow('"Gt" is not a valid label selector operator');
  });

  it('rejects In without values', () => {
    expect(() =>
      labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    ).toThrow(
      `values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`,
    );
  });
});

describe('formatting selectors for printers', () => {
  it('formats label selectors, empty ones as <none>', () => {
    expect(formatLabelSelector({ matchLabels: { app: 'web' } })).toBe('app=web');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(null)).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bad' }] })).toBe(
      '<error>',
    );
  });

  it('formats label maps sorted by key', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels(undefined)).toBe('<none>');
  });
});

describe('parseFieldSelector', () => {
  it('parses =, == and != terms and sorts them', () => {
    expect(parseFieldSelector('status.phase!=Running,metadata.name==web,spec.nodeName=')).toEqual([
      { field: 'metadata.name', operator: '==', value: 'web' },
      { field: 'spec.nodeName', operator: '=', value: '' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
    ]);
    expect(parseFieldSelector('')).toEqual([]);
  });

  it('unescapes commas, equals signs and backslashes in values', () => {
    expect(parseFieldSelector('a=x\\,y\\=z\\\\')).toEqual([
      { field: 'a', operator: '=', value: 'x,y=z\\' },
    ]);
  });

  it.each([
    ['foo', "invalid selector: 'foo'; can't understand 'foo'"],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
  ])('rejects %j', (input, message) => {
    expect(() => parseFieldSelector(input)).toThrow(message);
  });
});

describe('field labels', () => {
  it('lists the labels pods accept', () => {
    expect(supportedFieldLabels('pods')).toContain('spec.nodeName');
    expect(supportedFieldLabels('pods')).toContain('status.podIPs');
    expect(supportedFieldLabels('deployments')).toEqual(['metadata.name', 'metadata.namespace']);
  });

  it('rejects labels a registered kind does not support', () => {
    expect(() => convertFieldLabel('pods', 'foo')).toThrow('field label not supported: foo');
    expect(() => convertFieldLabel('nodes', 'metadata.namespace')).toThrow(
      'field label not supported: metadata.namespace',
    );
  });

  it('rejects labels on other kinds with the default conversion message', () => {
    expect(() => convertFieldLabel('deployments', 'spec.replicas')).toThrow(
      '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });

  it('maps the legacy spec.host label to spec.nodeName', () => {
    expect(parseFieldSelectorFor('pods', 'spec.host=n1')).toEqual([
      { field: 'spec.nodeName', operator: '=', value: 'n1' },
    ]);
  });
});

describe('selectableFields', () => {
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { nodeName: 'worker-1', restartPolicy: 'Always', schedulerName: 'default-scheduler' },
    status: { phase: 'Running', podIPs: [{ ip: '10.244.1.2' }] },
  };

  it('exposes a pod’s selectable fields', () => {
    expect(selectableFields('pods', pod)).toEqual({
      'metadata.name': 'web',
      'metadata.namespace': 'default',
      'spec.nodeName': 'worker-1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': '',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.244.1.2',
      'status.nominatedNodeName': '',
    });
  });

  it('matches field selectors against those fields', () => {
    const fields = selectableFields('pods', pod);
    expect(matchesFields(parseFieldSelector('spec.nodeName=worker-1'), fields)).toBe(true);
    expect(matchesFields(parseFieldSelector('status.phase!=Running'), fields)).toBe(false);
    expect(matchesFields(parseFieldSelector('spec.nodeName='), fields)).toBe(false);
  });

  it('exposes event fields, with source falling back to the reporting component', () => {
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
      reason: 'Scheduled',
      type: 'Normal',
      reportingComponent: 'default-scheduler',
    };
    const fields = selectableFields('events', event);
    expect(fields['involvedObject.name']).toBe('web');
    expect(fields.source).toBe('default-scheduler');
    expect(fields.reason).toBe('Scheduled');
  });

  it('gives cluster-scoped nodes no namespace field', () => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1' },
      spec: { unschedulable: true },
    };
    expect(selectableFields('nodes', node)).toEqual({
      'metadata.name': 'n1',
      'spec.unschedulable': 'true',
    });
  });
});
