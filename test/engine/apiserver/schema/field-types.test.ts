import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { allResources } from '../../../../src/engine/api/resources';
import { ROOTS, STRUCTS } from '../../../../src/engine/apiserver/schema/field-types';
import { FIELD_TYPES_PATH, generateFieldTypes } from './generate-field-types';

describe('the field-type table', () => {
  it('is what the generator makes of the client-node models today', () => {
    // regenerate with: npx tsx test/engine/apiserver/schema/generate-field-types.ts
    expect(readFileSync(FIELD_TYPES_PATH, 'utf8')).toBe(generateFieldTypes());
  });

  it('has a root struct for every served kind', () => {
    const missing = allResources().filter((r) => !ROOTS[`${r.group}/${r.kind}`]);
    expect(missing.map((r) => r.kind)).toEqual([]);
  });

  it('refers only to structs it holds', () => {
    const dangling: string[] = [];
    for (const [name, fields] of Object.entries(STRUCTS)) {
      for (const entry of fields.split(',')) {
        const type = entry.split(':')[1].replace(/^[[{]+/, '');
        if (type.length > 1 && !STRUCTS[type]) dangling.push(`${name}.${entry}`);
      }
    }
    expect(dangling).toEqual([]);
  });

  it.each([
    ['DeploymentSpec', 'replicas:i'],
    ['ObjectMeta', 'labels:{s'],
    ['ObjectMeta', 'generation:l'],
    ['ResourceRequirements', 'limits:{q'],
    ['ServicePort', 'targetPort:x'],
    ['Secret', 'data:{B'],
    ['PodSpec', 'containers:[Container'],
  ])('types %s field %s as the Go struct does', (struct, entry) => {
    expect(STRUCTS[struct].split(',')).toContain(entry);
  });
});
