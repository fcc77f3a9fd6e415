import { describe, expect, it } from 'vitest';

import { duplicateFields } from '../../../src/engine/apiserver/decode';

describe('duplicate fields in a JSON body', () => {
  it.each([
    ['{"a":1,"b":2}', []],
    ['{"a":1,"a":2}', ['duplicate field "a"']],
    ['{"metadata":{"name":"x","name":"y"}}', ['duplicate field "metadata.name"']],
    [
      '{"spec":{"containers":[{"name":"a"},{"name":"b","image":"x","image":"y"}]}}',
      ['duplicate field "spec.containers[1].image"'],
    ],
    [
      '{"data":{"k":"v","k":"w"},"data":{}}',
      ['duplicate field "data.k"', 'duplicate field "data"'],
    ],
    ['{ "s" : "a \\" , \\"s\\": 1" , "t" : [ 1 , "x" ] }', []],
  ])('finds in %s: %j', (text, expected) => {
    expect(duplicateFields(text)).toEqual(expected);
  });
});
