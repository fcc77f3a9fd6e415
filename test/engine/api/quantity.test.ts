import {
  ERR_FORMAT_WRONG,
  ERR_SUFFIX,
  QuantityError,
  addQuantity,
  cmpQuantity,
  fromMilli,
  fromValue,
  integerValueOf,
  milliValue,
  normalizeQuantity,
  parseMilli,
  parseQuantity,
  parseValue,
  quantityString,
  roundUpToMilli,
  subQuantity,
} from '../../../src/engine/api/quantity';

describe('parsing quantities', () => {
  it.each([
    // [text, canonical String(), milli value]
    ['0', '0', 0],
    ['100m', '100m', 100],
    ['0.1', '100m', 100],
    ['0.5', '500m', 500],
    ['1', '1', 1000],
    ['1000m', '1', 1000],
    ['1500m', '1500m', 1500],
    ['1.5', '1500m', 1500],
    ['2000', '2k', 2_000_000],
    ['1k', '1k', 1_000_000],
    ['1e3', '1e3', 1_000_000],
    ['1e4', '10e3', 10_000_000],
    ['1E3', '1E3', 1_000_000],
    ['-100m', '-100m', -100],
    ['100n', '100n', 1],
    ['0.0000000001', '1n', 1],
  ])('%s reads as %s (%d milli)', (text, canonical, milli) => {
    const q = parseQuantity(text);
    expect(quantityString(q)).toBe(canonical);
    expect(milliValue(q)).toBe(milli);
  });

  it.each([
    ['128Mi', '128Mi', 134_217_728],
    ['1Ki', '1Ki', 1024],
    ['1024Mi', '1Gi', 1_073_741_824],
    ['1.5Gi', '1536Mi', 1_610_612_736],
    ['8Ki', '8Ki', 8192],
    ['1G', '1G', 1_000_000_000],
    ['1000M', '1G', 1_000_000_000],
    ['256M', '256M', 256_000_000],
    ['0.5Ki', '512', 512],
    ['1024', '1024', 1024],
    ['100m', '100m', 1],
  ])('%s reads as %s (%d bytes)', (text, canonical, bytes) => {
    const q = parseQuantity(text);
    expect(quantityString(q)).toBe(canonical);
    expect(integerValueOf(q)).toBe(bytes);
  });

  it.each([
    ['', ERR_FORMAT_WRONG],
    ['abc', ERR_FORMAT_WRONG],
    ['1KB', ERR_FORMAT_WRONG],
    ['1.2.3', ERR_FORMAT_WRONG],
    ['1 Gi', ERR_FORMAT_WRONG],
    ['1K', ERR_SUFFIX],
    ['1e', ERR_SUFFIX],
    ['1Mi5', ERR_SUFFIX],
  ])('rejects %j with the upstream message', (text, message) => {
    expect(() => parseQuantity(text)).toThrow(QuantityError);
    expect(() => parseQuantity(text)).toThrow(message);
  });

  it('quotes the real regular expression in the format error', () => {
    expect(ERR_FORMAT_WRONG).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });

  it('caps magnitudes at 2^63-1', () => {
    expect(quantityString(parseQuantity('10000000000000000000'))).toBe('9223372036854775807');
  });
});

describe('quantity arithmetic and formatting', () => {
  it('compares across formats and scales', () => {
    expect(cmpQuantity(parseQuantity('1'), parseQuantity('1000m'))).toBe(0);
    expect(cmpQuantity(parseQuantity('500m'), parseQuantity('1'))).toBe(-1);
    expect(cmpQuantity(parseQuantity('1Gi'), parseQuantity('1G'))).toBe(1);
  });

  it('adds and subtracts exactly, keeping the first operand format', () => {
    expect(quantityString(addQuantity(parseQuantity('100m'), parseQuantity('200m')))).toBe('300m');
    expect(quantityString(addQuantity(parseQuantity('1'), parseQuantity('500m')))).toBe('1500m');
    expect(quantityString(addQuantity(parseQuantity('1Gi'), parseQuantity('512Mi')))).toBe(
      '1536Mi',
    );
    expect(quantityString(subQuantity(parseQuantity('1'), parseQuantity('250m')))).toBe('750m');
    expect(quantityString(addQuantity(parseQuantity('0'), parseQuantity('1Ki')))).toBe('1Ki');
  });

  it('formats milli and integer values as NewMilliQuantity / NewQuantity do', () => {
    expect(quantityString(fromMilli(250))).toBe('250m');
    expect(quantityString(fromMilli(2000))).toBe('2');
    expect(quantityString(fromValue(1024 ** 3, 'BinarySI'))).toBe('1Gi');
    expect(quantityString(fromValue(1000, 'BinarySI'))).toBe('1k');
    expect(quantityString(fromValue(8 * 1024 ** 3 + 1, 'BinarySI'))).toBe('8589934593');
  });

  it('rounds up to milli as resource-list defaulting does', () => {
    expect(quantityString(roundUpToMilli(parseQuantity('100n')))).toBe('1m');
    expect(quantityString(roundUpToMilli(parseQuantity('1.0001')))).toBe('1001m');
  });

  it('offers shorthands for cpu and memory', () => {
    expect(parseMilli('250m')).toBe(250);
    expect(parseValue('1Gi')).toBe(1_073_741_824);
    expect(normalizeQuantity('0.5')).toBe('500m');
    expect(normalizeQuantity('100m')).toBe('100m');
  });
});
