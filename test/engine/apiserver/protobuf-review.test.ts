import { describe, expect, it } from 'vitest';

import { decodeReviewProtobuf } from '../../../src/engine/apiserver/protobuf-review';

// protobuf length-delimited field: key (field << 3 | 2), length, bytes
const field = (n: number, value: string): string =>
  String.fromCharCode((n << 3) | 2, value.length) + value;

const envelope = (apiVersion: string, kind: string, raw: string): string =>
  'k8s\0' + field(1, field(1, apiVersion) + field(2, kind)) + field(2, raw);

describe('protobuf access reviews', () => {
  it('decodes the SelfSubjectAccessReview kubectl auth can-i sends, dropping empty strings', () => {
    const attrs = field(1, 'default') + field(2, 'list') + field(3, '') + field(5, 'pods');
    const raw = field(1, '') + field(2, field(1, attrs));
    expect(
      decodeReviewProtobuf(envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', raw)),
    ).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } },
    });
  });

  it('decodes a non-resource review and a rules review', () => {
    const nonResource = field(2, field(2, field(1, '/healthz') + field(2, 'get')));
    expect(
      decodeReviewProtobuf(
        envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', nonResource),
      )?.spec,
    ).toEqual({ nonResourceAttributes: { path: '/healthz', verb: 'get' } });
    const rules = field(2, field(1, 'kube-system'));
    expect(
      decodeReviewProtobuf(envelope('authorization.k8s.io/v1', 'SelfSubjectRulesReview', rules))
        ?.spec,
    ).toEqual({ namespace: 'kube-system' });
  });

  it.each([
    ['a JSON body', '{"kind":"Pod"}'],
    ['another group', envelope('v1', 'Pod', field(1, ''))],
    ['a truncated message', 'k8s\0' + String.fromCharCode(0x0a, 0x40) + 'v1'],
  ])('leaves %s to the caller', (_name, body) => {
    expect(decodeReviewProtobuf(body)).toBeUndefined();
  });
});
