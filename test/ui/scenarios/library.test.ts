import { describe, expect, it } from 'vitest';

import { SCENARIO_GROUPS, SCENARIO_LIST } from '../../../src/scenarios';

/**
 * The teaching rules every walkthrough keeps: short plain narration, a documentation page per
 * step, stable ids, and questions that are real multiple choice.
 */

/** Sentences in a narration; decimals, versions, IPs, file names and "e.g." do not end one. */
function sentences(text: string): string[] {
  const guarded = text
    .replace(/\b(e\.g|i\.e|etc|vs)\./g, '$1')
    .replace(/`[^`]*`/g, 'CODE')
    .replace(/(\d)\.(\d)/g, '$1$2');
  return guarded
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"“(`])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

describe('sentence counting', () => {
  it('counts sentences but not the dots inside numbers, code or abbreviations', () => {
    expect(
      sentences('One. Two is 10.0.0.1 and `kubectl get po.x`. Three, e.g. this.'),
    ).toHaveLength(3);
    expect(sentences('Is it? Yes! It is.')).toHaveLength(3);
  });
});

describe('the scenario library', () => {
  it('has unique, URL-safe ids', () => {
    const ids = SCENARIO_LIST.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('fills every picker group, each scenario with a one-line summary and a duration', () => {
    for (const group of SCENARIO_GROUPS) {
      expect(
        SCENARIO_LIST.some((s) => s.group === group),
        group,
      ).toBe(true);
    }
    for (const s of SCENARIO_LIST) {
      expect(s.summary, s.id).not.toMatch(/\n/);
      expect(sentences(s.summary), s.id).toHaveLength(1);
      expect(s.duration, s.id).toMatch(/^\d+(–\d+)? min$/);
    }
  });

  for (const s of SCENARIO_LIST) {
    describe(s.id, () => {
      it('narrates each step in one to three sentences, ending on the simulation', () => {
        const stepIds = new Set<string>();
        for (const step of s.steps) {
          expect(stepIds.has(step.id), `${s.id}/${step.id} repeated`).toBe(false);
          stepIds.add(step.id);
          const n = sentences(step.narration).length;
          expect(n, `${s.id}/${step.id}: ${step.narration}`).toBeGreaterThanOrEqual(1);
          expect(n, `${s.id}/${step.id}: ${step.narration}`).toBeLessThanOrEqual(3);
          // exactly one ending: a hop or a cluster condition, never a timer
          expect(
            (step.until !== undefined ? 1 : 0) + (step.when !== undefined ? 1 : 0),
            `${s.id}/${step.id}`,
          ).toBe(1);
        }
      });

      it('links every step to an upstream documentation page', () => {
        for (const step of s.steps) {
          expect(step.docs.title.length, `${s.id}/${step.id}`).toBeGreaterThan(0);
          expect(step.docs.url, `${s.id}/${step.id}`).toMatch(
            /^https:\/\/(kubernetes\.io\/docs\/|etcd\.io\/docs\/|raft\.github\.io\/)/,
          );
        }
      });

      it('asks questions with two to four choices and a one-sentence explanation', () => {
        for (const step of s.steps) {
          const q = step.question;
          if (q === undefined) continue;
          expect(q.prompt.trim(), `${s.id}/${step.id}`).toMatch(/\?$/);
          if (Array.isArray(q.choices)) {
            expect(q.choices.length).toBeGreaterThanOrEqual(2);
            expect(q.choices.length).toBeLessThanOrEqual(4);
            if (typeof q.answer === 'number') {
              expect(q.answer).toBeLessThan(q.choices.length);
            }
          }
          expect(sentences(q.explanation).length, `${s.id}/${step.id}: ${q.explanation}`).toBe(1);
        }
      });
    });
  }

  it('asks at least one question in every walkthrough', () => {
    for (const s of SCENARIO_LIST) {
      expect(
        s.steps.some((step) => step.question !== undefined),
        s.id,
      ).toBe(true);
    }
  });
});
