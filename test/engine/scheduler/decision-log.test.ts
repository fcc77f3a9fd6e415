import { describe, expect, it } from 'vitest';
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
});
