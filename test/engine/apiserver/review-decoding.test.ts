import { describe, expect, it } from 'vitest';

import { cluster, message } from './helpers';

const PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

function review(spec: unknown, fieldValidation?: string) {
  return cluster().request({
    method: 'POST',
    path: PATH,
    ...(fieldValidation ? { query: { fieldValidation } } : {}),
    user: 'jane',
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec },
  });
}

describe('access review bodies', () => {
  it.each([
    [
      'a wrong type is a 400 with encoding/json message under every directive',
      { resourceAttributes: { verb: 1, resource: 'pods' } },
      'Ignore',
      'SelfSubjectAccessReview in version "v1" cannot be handled as a SelfSubjectAccessReview: json: cannot unmarshal number into Go struct field ResourceAttributes.spec.resourceAttributes.verb of type string',
    ],
    [
      'an unknown field is a strict decoding error under Strict',
      { resourceAttributes: { verbs: 'get', resource: 'pods' } },
      'Strict',
      'SelfSubjectAccessReview in version "v1" cannot be handled as a SelfSubjectAccessReview: strict decoding error: unknown field "spec.resourceAttributes.verbs"',
    ],
  ])('decodes like the real create handler: %s', (_name, spec, fieldValidation, expected) => {
    const res = review(spec, fieldValidation);
    expect([res.status, message(res)]).toEqual([400, expected]);
  });

  it('warns about an unknown field by default and answers without it', () => {
    const res = review({ resourceAttributes: { verb: 'get', resource: 'pods', size: 3 } });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBe('299 - "unknown field \\"spec.resourceAttributes.size\\""');
    expect((res.body as { spec: unknown }).spec).toEqual({
      resourceAttributes: { verb: 'get', resource: 'pods' },
    });
  });
});
