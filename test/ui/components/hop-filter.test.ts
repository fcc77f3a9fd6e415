import { describe, expect, it } from 'vitest';

import type { Hop } from '../../../src/engine';
import type { HopFilter } from '../../../src/ui/hops/hop-filter';
import {
  filterChoices,
  hopFailed,
  matchesFilter,
  NO_FILTER,
} from '../../../src/ui/hops/hop-filter';

const hop = (over: Partial<Hop>): Hop => ({
  seq: 1,
  from: 'kubectl',
  to: 'kube-apiserver@control-plane-1',
  verb: 'POST',
  resource: '/api/v1/namespaces/default/pods',
  summary: '',
  sentAt: 0,
  deliveredAt: 1,
  outcome: 'delivered',
  background: false,
  ...over,
});

const post = hop({});
const lease = hop({
  from: 'kubelet@worker-1',
  verb: 'PUT',
  resource: '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/worker-1',
  background: true,
});
const conflict = hop({
  from: 'kube-apiserver@control-plane-1',
  to: 'kubectl',
  verb: '409',
  status: 409,
});
const dropped = hop({
  from: 'etcd@control-plane-1',
  to: 'etcd@control-plane-2',
  verb: 'AppendEntries',
  resource: 'raft',
  outcome: 'dropped',
});

describe('hop filters', () => {
  it.each<[string, Partial<HopFilter>, Hop[]]>([
    ['no filter', {}, [post, lease, conflict, dropped]],
    ['a component as sender or receiver', { component: 'kubectl' }, [post, conflict]],
    ['a verb', { verb: 'PUT' }, [lease]],
    ['resource text, either as sent or as shown', { resource: 'leases' }, [lease]],
    ['resource text, ignoring case and spaces', { resource: '  PODS ' }, [post, conflict]],
    ['errors only: HTTP errors and lost messages', { errorsOnly: true }, [conflict, dropped]],
    ['hide background', { hideBackground: true }, [post, conflict, dropped]],
    ['all together', { component: 'kubectl', errorsOnly: true, hideBackground: true }, [conflict]],
  ])('%s', (_, filter, expected) => {
    const f = { ...NO_FILTER, ...filter };
    expect([post, lease, conflict, dropped].filter((h) => matchesFilter(h, f))).toEqual(expected);
  });

  it.each([
    [post, false],
    [conflict, true],
    [dropped, true],
    [hop({ outcome: 'refused' }), true],
    [hop({ status: 200 }), false],
  ])('counts %j as failed: %s', (h, failed) => {
    expect(hopFailed(h)).toBe(failed);
  });

  it('offers the components and verbs the log holds, sorted', () => {
    expect(filterChoices([post, lease, conflict])).toEqual({
      components: ['kube-apiserver@control-plane-1', 'kubectl', 'kubelet@worker-1'],
      verbs: ['409', 'POST', 'PUT'],
    });
  });
});
