import { describe, expect, it } from 'vitest';

import { compactRow, validatedRow } from '../../../../src/engine/scheduler/framework/score-row';

describe('validatedRow', () => {
  it.each([[[7, 7, 7]], [[0, 100, 55]], [[0.5, 0.5]], [[-0, 0, 3]], [[100, 99.25, 0]], [[42]]])(
    'gives %j the same row as compactRow',
    (values) => {
      const row = Float64Array.from([...values, 1, 2]);
      const n = values.length;
      const same = values.every((v) => Object.is(v, values[0]) || v === values[0]);
      const bytes = values.every((v) => (v | 0) === v && !Object.is(v, -0));
      expect(validatedRow(row, n, same, bytes)).toEqual(compactRow(row, 0, n));
    },
  );
});
