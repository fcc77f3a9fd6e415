import { describe, expect, it } from 'vitest';

import { podsLabelled } from '../../../src/scenarios/cluster-reads';
import {
  controllerPattern,
  namespaceControllerDeleted,
  refusedCreates,
} from '../../../src/scenarios/controller-pattern';
import { runScenario } from './run-scenario';

const KCM = 'kube-controller-manager@control-plane-1';
const API = 'kube-apiserver@control-plane-1';

describe('the controller-pattern walkthrough on the live simulation', () => {
  it('lists then watches, replaces a deleted pod from the cache, and retries a refused create with a doubling backoff, and empties a deleted namespace', () => {
    const { store, steps } = runScenario(controllerPattern, { predict: () => 1 });
    expect(steps.map((s) => s.id)).toEqual(controllerPattern.steps.map((s) => s.id));
    const hop = Object.fromEntries(steps.map((s) => [s.id, s.hop]));
    const at = Object.fromEntries(steps.map((s) => [s.id, s.at]));
    expect(hop.list).toBe(`${API} → ${KCM} 200 /apis/apps/v1/replicasets`);
    expect(hop.watch).toBe(`${KCM} → ${API} GET /apis/apps/v1/replicasets`);
    const w = store.getState().walkthrough!;
    const { victim, replicaSet, replacement } = w.vars;
    expect(hop.delete).toBe(`${API} → ${KCM} MODIFIED pods/default/${victim}`);
    expect(hop.reconcile).toBe(`${KCM} → ${API} POST /api/v1/namespaces/default/pods`);
    expect(hop['write-back']).toBe(
      `${KCM} → ${API} PUT /apis/apps/v1/namespaces/default/replicasets/${replicaSet}/status`,
    );
    // the watch event to the create: a few ms, no request in between to count pods
    expect(at.reconcile - at.delete).toBeLessThan(50);
    expect(
      store.cluster
        .hops()
        .filter(
          (h) =>
            h.from === KCM &&
            h.verb === 'GET' &&
            h.resource.startsWith('/api/v1/namespaces/default/pods'),
        ),
    ).toEqual([]);

    // the watch was opened from the resourceVersion the list returned
    const watchOpen = store.cluster
      .hops()
      .find(
        (h) =>
          h.from === KCM &&
          h.resource.startsWith('/apis/apps/v1/replicasets?') &&
          h.resource.includes('watch=1'),
      );
    expect(watchOpen?.resource).toMatch(
      /resourceVersion=\d+&allowWatchBookmarks=true&timeoutSeconds=\d+&watch=1$/,
    );

    // refused creates, each wait about double the one before, then the retry after the quota went
    const refused = refusedCreates(store.cluster).map((h) => h.sentAt);
    expect(refused).toHaveLength(12);
    const gaps = refused.slice(1).map((t, i) => t - refused[i]);
    expect(gaps.at(-1)! / gaps.at(-2)!).toBeCloseTo(2, 1);
    expect(at.lift - refused.at(-1)!).toBeGreaterThan(gaps.at(-1)! * 1.8);

    const pods = podsLabelled(store.cluster, 'default', 'app=web');
    expect(pods).toHaveLength(4);
    expect(pods.every((p) => p.phase === 'Running' && !p.terminating)).toBe(true);
    expect(pods.map((p) => p.name)).toContain(replacement);
    expect(pods.map((p) => p.name)).not.toContain(victim);

    const terminal = store.getState().terminal;
    expect(terminal.map((t) => t.shown)).toEqual([
      'kubectl create deployment web --image=nginx:1.27 --replicas=3',
      `kubectl delete pod ${victim}`,
      'kubectl apply -f quota.yaml',
      'kubectl scale deployment web --replicas=4',
      'kubectl get events --field-selector reason=FailedCreate',
      'kubectl delete resourcequota pods',
      'kubectl create namespace team-a',
      'kubectl create configmap settings -n team-a --from-literal=level=debug',
      'kubectl delete namespace team-a',
    ]);
    expect(terminal[1].stdout).toBe(`pod "${victim}" deleted\n`);
    const events = terminal[4].stdout.trim().split('\n');
    expect(events[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    // client-go's EventCorrelator: from the tenth distinct message on, the refusals are one
    // '(combined from similar events)' event whose count grows
    expect(events.slice(1)).toHaveLength(10);
    expect(events.filter((l) => l.includes('(combined from similar events): '))).toHaveLength(1);
    for (const line of events.slice(1))
      expect(line).toMatch(
        new RegExp(
          `^\\d+s\\s+Warning\\s+FailedCreate\\s+replicaset/${replicaSet}\\s+(\\(combined from similar events\\): )?Error creating: pods "${replicaSet}-[a-z0-9]{5}" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=3, limited: pods=3$`,
        ),
      );

    // team-a: the ServiceAccount controller gave it default; the namespace controller emptied it
    // and removed its finalizer before the Namespace went
    expect(terminal.slice(6).map((t) => t.stdout)).toEqual([
      'namespace/team-a created\n',
      'configmap/settings created\n',
      'namespace "team-a" deleted\n',
    ]);
    const c = store.cluster;
    expect(c.get('namespaces', 'team-a', '')).toBeUndefined();
    expect(c.list('serviceaccounts', 'team-a')).toEqual([]);
    expect(c.list('configmaps', 'team-a')).toEqual([]);
    expect(namespaceControllerDeleted(c, 'serviceaccounts')).toBe(true);
    const finalize = c
      .hops()
      .find((h) => h.from === KCM && h.resource === '/api/v1/namespaces/team-a/finalize');
    expect(finalize?.verb).toBe('PUT');

    // the engine answered: a watch event, no reads, a doubling backoff
    const q = w.quizzes!;
    expect(q.delete.answer).toBe(1);
    expect(q.reconcile.choices[q.reconcile.answer!]).toBe('None');
    expect(q.backoff.answer).toBe(2);
    expect(q['namespace-delete']).toMatchObject({ prediction: 1, answer: 1 });
  }, 300_000);
});
