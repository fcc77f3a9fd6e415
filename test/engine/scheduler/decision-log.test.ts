import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../../src/engine/scheduler/decisions';
import { DecisionLog } from '../../../src/engine/scheduler/decisions';

function attempt(log: DecisionLog, pod: string, at: number): void {
  log.begin(pod, 'kube-scheduler@cp', 'default-scheduler').at = at;
}

const seen = (log: DecisionLog, pod: string) => log.attempts(pod).map((a) => [a.attempt, a.at]);

describe('the decision log', () => {
  it('numbers a pod’s attempts and returns them oldest first', () => {
    const log = new DecisionLog();
    attempt(log, 'default/a', 10);
    attempt(log, 'default/b', 20);
    attempt(log, 'default/a', 30);
    expect(seen(log, 'default/a')).toEqual([
      [1, 10],
      [2, 30],
    ]);
    expect(seen(log, 'default/b')).toEqual([[1, 20]]);
    expect(log.attempts('default/c')).toEqual([]);
  });

  it('keeps a pod’s 20 newest attempts', () => {
    const log = new DecisionLog();
    for (let i = 1; i <= 23; i++) attempt(log, 'default/a', i);
    expect(seen(log, 'default/a').map(([n]) => n)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 4),
    );
  });

  it('forgets the least recently attempted pod first, and a forgotten pod counts from 1 again', () => {
    const log = new DecisionLog(2);
    attempt(log, 'default/a', 1);
    attempt(log, 'default/b', 2);
    attempt(log, 'default/a', 3);
    attempt(log, 'default/c', 4);
    expect(seen(log, 'default/b')).toEqual([]);
    expect(seen(log, 'default/a')).toEqual([
      [1, 1],
      [2, 3],
    ]);
    attempt(log, 'default/d', 5);
    expect(seen(log, 'default/a')).toEqual([]);
    expect(seen(log, 'default/c')).toEqual([[1, 4]]);
    attempt(log, 'default/a', 6);
    expect(seen(log, 'default/a')).toEqual([[1, 6]]);
  });

  it('keeps the order of attempts when the pod left oldest by a forgotten one is attempted again', () => {
    const log = new DecisionLog(2);
    attempt(log, 'default/a', 1);
    attempt(log, 'default/b', 2);
    attempt(log, 'default/c', 3);
    // a is forgotten; b, now the oldest, is attempted again and c becomes the oldest
    attempt(log, 'default/b', 4);
    attempt(log, 'default/d', 5);
    expect(seen(log, 'default/c')).toEqual([]);
    expect(seen(log, 'default/b')).toEqual([
      [1, 2],
      [2, 4],
    ]);
    attempt(log, 'default/e', 6);
    expect(seen(log, 'default/b')).toEqual([]);
    expect(seen(log, 'default/d')).toEqual([[1, 5]]);
    expect(seen(log, 'default/e')).toEqual([[1, 6]]);
  });

  it('numbers, chains and forgets the same when attempts come faster than they are filed', () => {
    const log = new DecisionLog(300);
    // 600 attempts over 400 pods: each pod's first attempt is forgotten before its second
    for (let i = 0; i < 600; i++) attempt(log, `default/p${i % 400}`, i);
    expect(seen(log, 'default/p0')).toEqual([[1, 400]]);
    expect(seen(log, 'default/p250')).toEqual([]);
    expect(seen(log, 'default/p350')).toEqual([[1, 350]]);
    attempt(log, 'default/p350', 600);
    expect(seen(log, 'default/p350')).toEqual([
      [1, 350],
      [2, 600],
    ]);
  });

  it('numbers a retry that brings its last record as the Map would, even once that pod was forgotten or re-created', () => {
    const log = new DecisionLog(2);
    const retry = (pod: string, at: number, previous?: AttemptRecord) => {
      const rec = log.begin(pod, 'kube-scheduler@cp', 'default-scheduler', previous);
      rec.at = at;
      return rec;
    };
    const a1 = retry('default/a', 1);
    const a2 = retry('default/a', 2, a1);
    expect(seen(log, 'default/a')).toEqual([
      [1, 1],
      [2, 2],
    ]);
    // the pod is deleted and re-created: a new queue entry, the same name keeps counting
    const fresh = retry('default/a', 3);
    expect(seen(log, 'default/a').map(([n]) => n)).toEqual([1, 2, 3]);
    // the old queue entry's record still leads to the pod's newest attempt
    retry('default/a', 4, a2);
    expect(seen(log, 'default/a').map(([n]) => n)).toEqual([1, 2, 3, 4]);
    retry('default/b', 5);
    retry('default/c', 6);
    expect(seen(log, 'default/a')).toEqual([]);
    // forgotten: the retry counts from 1 again, as a first attempt would
    retry('default/a', 7, fresh);
    expect(seen(log, 'default/a')).toEqual([[1, 7]]);
    expect(seen(log, 'default/b')).toEqual([]);
  });
});
