import { describe, expect, it } from 'vitest';

import type { ApiRequest } from '../../../src/engine/api/types';
import {
  EVENT_RETRY_SLEEP_MS,
  EventSink,
  MAX_QUEUED_EVENTS,
  MAX_TRIES_PER_EVENT,
} from '../../../src/engine/client/event-sink';
import type { RestClient, RestResult } from '../../../src/engine/client/rest-client';

/** A sink over a client whose answers the test gives by hand, on a hand-moved clock. */
function harness() {
  const inFlight: { req: ApiRequest; done: (res: RestResult) => void }[] = [];
  const sent: string[] = [];
  const timers: { at: number; run: () => void }[] = [];
  let now = 0;
  const client = {
    request: (req: ApiRequest, done: (res: RestResult) => void) => {
      sent.push(`${now} ${req.method} ${req.path}`);
      inFlight.push({ req, done });
    },
  } as unknown as RestClient;
  const sink = new EventSink(
    client,
    (ms, run) => timers.push({ at: now + ms, run }),
    () => 0.25,
  );
  const answer = (res: RestResult) => inFlight.shift()!.done(res);
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers.splice(0, timers.length, ...timers.filter((t) => t.at > now));
    for (const t of due) t.run();
  };
  return { sink, sent, answer, advance, inFlight };
}

const post = (n: number): ApiRequest => ({
  method: 'POST',
  path: `/api/v1/namespaces/default/events#${n}`,
});
const created: RestResult = { ok: true, response: { status: 201, headers: {}, body: {} } };

describe('the event broadcaster’s sink', () => {
  it('writes one event at a time, in the order they were recorded', () => {
    const { sink, sent, answer } = harness();
    for (const n of [1, 2, 3]) sink.send(post(n), undefined);
    expect(sent).toEqual(['0 POST /api/v1/namespaces/default/events#1']);
    answer(created);
    answer(created);
    expect(sent.map((s) => s.split('#')[1])).toEqual(['1', '2', '3']);
  });

  it('tries again after a transport failure: first after a random part of 10 s, then every 10 s, 12 tries in all', () => {
    const { sink, sent, answer, advance, inFlight } = harness();
    const answers: RestResult[] = [];
    sink.send(post(1), undefined, (res) => answers.push(res));
    sink.send(post(2), undefined);
    answer({ ok: false, error: 'refused' });
    advance(0.25 * EVENT_RETRY_SLEEP_MS - 1);
    expect(sent).toHaveLength(1);
    advance(1);
    expect(sent).toHaveLength(2);
    for (let tries = 2; tries < MAX_TRIES_PER_EVENT; tries++) {
      answer({ ok: false, error: 'timeout' });
      advance(EVENT_RETRY_SLEEP_MS);
    }
    expect(sent.filter((s) => s.endsWith('#1'))).toHaveLength(MAX_TRIES_PER_EVENT);
    // the twelfth failure gives the event up; the next one goes out
    answer({ ok: false, error: 'timeout' });
    expect(answers).toEqual([{ ok: false, error: 'timeout' }]);
    expect(inFlight[0].req.path.endsWith('#2')).toBe(true);
  });

  it('takes a server’s error answer as the end of that event', () => {
    const { sink, sent, answer } = harness();
    sink.send(post(1), undefined);
    sink.send(post(2), undefined);
    answer({ ok: true, response: { status: 403, headers: {}, body: {} } });
    expect(sent.map((s) => s.split('#')[1])).toEqual(['1', '2']);
  });

  it('drops events past the 1,000 it can hold', () => {
    const { sink, sent, answer, inFlight } = harness();
    for (let n = 0; n <= MAX_QUEUED_EVENTS + 5; n++) sink.send(post(n), undefined);
    while (inFlight.length > 0) answer(created);
    // the one in flight, then the 1,000 queued behind it
    expect(sent).toHaveLength(MAX_QUEUED_EVENTS + 1);
  });
});
