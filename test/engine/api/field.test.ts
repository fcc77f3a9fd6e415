import {
  aggregateMessage,
  duplicate,
  errorBody,
  errorString,
  fieldPath,
  forbidden,
  internalError,
  invalid,
  notFound,
  notSupported,
  required,
  tooLong,
  tooMany,
} from '../../../src/engine/api/field';

describe('field paths', () => {
  it.each([
    [fieldPath('spec', 'containers').index(0).child('image'), 'spec.containers[0].image'],
    [fieldPath('metadata', 'labels').key('app'), 'metadata.labels[app]'],
    [
      fieldPath('spec').child('template', 'spec', 'restartPolicy'),
      'spec.template.spec.restartPolicy',
    ],
    [fieldPath('data').key('a.b'), 'data[a.b]'],
    [fieldPath('spec', 'ports').index(1).index(2), 'spec.ports[1][2]'],
  ])('renders %s', (path, want) => {
    expect(path.toString()).toBe(want);
  });
});

describe('field errors render as upstream field.Error', () => {
  const path = fieldPath('spec', 'x');
  it.each([
    [required(path), 'spec.x: Required value'],
    [
      required(path, 'name or generateName is required'),
      'spec.x: Required value: name or generateName is required',
    ],
    [invalid(path, 'abc', 'bad'), 'spec.x: Invalid value: "abc": bad'],
    [
      invalid(path, 70000, 'must be between 1 and 65535, inclusive'),
      'spec.x: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ],
    [invalid(path, true, 'no'), 'spec.x: Invalid value: true: no'],
    [invalid(path, null, 'no'), 'spec.x: Invalid value: null: no'],
    [invalid(path, { b: '1', a: '<' }, 'no'), 'spec.x: Invalid value: {"a":"\\u003c","b":"1"}: no'],
    [invalid(path, ['a', 'b'], 'no'), 'spec.x: Invalid value: ["a","b"]: no'],
    [
      notSupported(path, 'x', ['Always', 'OnFailure', 'Never']),
      'spec.x: Unsupported value: "x": supported values: "Always", "OnFailure", "Never"',
    ],
    [duplicate(path, 'web'), 'spec.x: Duplicate value: "web"'],
    [notFound(path, 'web'), 'spec.x: Not found: "web"'],
    [forbidden(path, 'may not be set'), 'spec.x: Forbidden: may not be set'],
    [tooLong(path, 63), 'spec.x: Too long: may not be more than 63 bytes'],
    [tooLong(path, 1), 'spec.x: Too long: may not be more than 1 byte'],
    [tooMany(path, 5, 3), 'spec.x: Too many: 5: must have at most 3 items'],
    [tooMany(path, -1, 1), 'spec.x: Too many: must have at most 1 item'],
    [internalError(path, 'boom'), 'spec.x: Internal error: boom'],
  ])('renders %#', (err, want) => {
    expect(errorString(err)).toBe(want);
  });

  it('keeps the cause reason as the upstream ErrorType string', () => {
    expect(required(path).type).toBe('FieldValueRequired');
    expect(notSupported(path, 'x', []).type).toBe('FieldValueNotSupported');
    expect(errorBody(notSupported(path, 'x', []))).toBe('Unsupported value: "x"');
  });
});

describe('aggregated messages', () => {
  const a = required(fieldPath('spec', 'containers').index(0).child('name'));
  const b = required(fieldPath('spec', 'containers').index(0).child('image'));
  it('prints a single error bare', () => {
    expect(aggregateMessage([b])).toBe('spec.containers[0].image: Required value');
  });
  it('brackets several errors, comma separated, in order', () => {
    expect(aggregateMessage([a, b])).toBe(
      '[spec.containers[0].name: Required value, spec.containers[0].image: Required value]',
    );
  });
  it('reports identical messages once', () => {
    expect(aggregateMessage([b, b])).toBe('spec.containers[0].image: Required value');
    expect(aggregateMessage([])).toBe('');
  });
});
