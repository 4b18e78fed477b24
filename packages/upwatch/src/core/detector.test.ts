import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckResult } from './check-result.js';
import { ZERO_TIMINGS } from './check-result.js';
import { confirmDelayMs, initialState, step, type DetectorPolicy, type DetectorState } from './detector.js';

const policy: DetectorPolicy = { confirm: 3, recover: 1, intervalMs: 60_000 };

function ok(at: number, degraded = false): CheckResult {
  return { ok: true, kind: degraded ? 'degraded' : null, at, timings: ZERO_TIMINGS, status: 200, requestId: 'r', traceId: 't', responseRequestId: null, error: null };
}
function fail(at: number, retryAfterMs: number | null = null): CheckResult {
  return { ok: false, kind: 'http_500', at, timings: ZERO_TIMINGS, status: 500, requestId: 'r', traceId: 't', responseRequestId: null, error: null, retryAfterMs };
}

function run(checks: CheckResult[], p = policy, start: DetectorState = initialState(0)) {
  let state = start;
  const events = [];
  const steps = [];
  for (const c of checks) {
    const s = step(state, c, p);
    state = s.state;
    steps.push(s);
    if (s.event) events.push(s.event);
  }
  return { state, events, steps };
}

describe('detector', () => {
  test('a failure followed by a success is transient and never alerts', () => {
    const { state, events, steps } = run([ok(0), fail(60_000), ok(61_000)]);
    assert.equal(state.status, 'up');
    assert.deepEqual(events, []);
    assert.deepEqual(steps[1]!.next, { type: 'confirm', delayMs: 1_000 });
    assert.equal(steps[2]!.transientSince, 60_000);
  });

  test('down only after every confirmation re-check fails, backing off 1 s, 2 s, 4 s', () => {
    const { state, events, steps } = run([ok(0), fail(60_000), fail(61_000), fail(63_000), fail(67_000)]);
    assert.deepEqual(steps.slice(1, 4).map((s) => s.next), [
      { type: 'confirm', delayMs: 1_000 },
      { type: 'confirm', delayMs: 2_000 },
      { type: 'confirm', delayMs: 4_000 },
    ]);
    assert.equal(steps[3]!.state.status, 'verifying');
    assert.equal(state.status, 'down');
    // The incident starts at the first failed check, not at the confirmation.
    assert.deepEqual(events, [{ type: 'down', startedAt: 60_000 }]);
  });

  test('down stays down without a second alert, and one success brings it up', () => {
    const { state, events } = run([fail(0), fail(1_000), fail(3_000), fail(7_000), fail(60_000), fail(120_000), ok(180_000)]);
    assert.equal(state.status, 'up');
    assert.deepEqual(events, [
      { type: 'down', startedAt: 0 },
      { type: 'up', startedAt: 0, resolvedAt: 180_000 },
    ]);
  });

  test('recover: 2 needs two consecutive successes; a failure in between keeps the outage', () => {
    const p = { ...policy, confirm: 0, recover: 2 };
    const { events, steps } = run([fail(0), ok(60_000), fail(120_000), ok(180_000), ok(240_000)], p);
    assert.deepEqual(steps.map((s) => s.state.status), ['down', 'recovering', 'down', 'recovering', 'up']);
    assert.deepEqual(events, [
      { type: 'down', startedAt: 0 },
      { type: 'up', startedAt: 0, resolvedAt: 240_000 },
    ]);
  });

  test('confirm: 0 declares down at the first failure', () => {
    const { events } = run([fail(5)], { ...policy, confirm: 0 });
    assert.deepEqual(events, [{ type: 'down', startedAt: 5 }]);
  });

  test('degraded is reported once per slow spell and is never down', () => {
    const { state, events } = run([ok(0, true), ok(60_000, true), ok(120_000), ok(180_000, true)]);
    assert.equal(state.status, 'up');
    assert.deepEqual(events, [{ type: 'degraded' }, { type: 'degraded' }]);
  });

  test('a state loaded after a restart keeps down down', () => {
    const down = run([fail(0)], { ...policy, confirm: 0 }).state;
    const restored: DetectorState = JSON.parse(JSON.stringify(down));
    const { events } = run([fail(60_000), ok(120_000)], policy, restored);
    assert.deepEqual(events, [{ type: 'up', startedAt: 0, resolvedAt: 120_000 }]);
  });

  test('a 503 Retry-After stretches the confirmation wait, within a cap', () => {
    assert.equal(confirmDelayMs(0, 10_000), 10_000);
    assert.equal(confirmDelayMs(3, 1_000), 8_000);
    assert.equal(confirmDelayMs(0, 3_600_000), 300_000);
    const { steps } = run([ok(0), fail(60_000, 30_000)]);
    assert.deepEqual(steps[1]!.next, { type: 'confirm', delayMs: 30_000 });
  });
});
