import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckResult } from '../core/check-result.js';
import { initialState } from '../core/detector.js';
import type { RunPhase } from '../scheduler/scheduler.js';
import { EngineEvents } from './engine-events.js';
import { createScheduleStats, LagHistogram } from './schedule-stats.js';

const OK: CheckResult = { at: 0, timings: { dns: 0, connect: 0, tls: 0, ttfb: 0, total: 1 }, status: 200, requestId: '', traceId: '', responseRequestId: null, error: null, ok: true, kind: null };
const FAILED: CheckResult = { ...OK, status: 500, ok: false, kind: 'error', error: 'status 500', retryAfterMs: null };

function completed(events: EngineEvents, phase: RunPhase, lagMs: number, check: CheckResult = OK): void {
  events.emit('check.completed', { monitorId: 'm', name: 'm', phase, check, state: initialState(0), lagMs });
}

describe('LagHistogram', () => {
  test('percentiles are exact for small values and within 3% above', () => {
    const small = new LagHistogram();
    for (let v = 1; v <= 50; v++) small.record(v);
    assert.deepEqual(small.summary(), { count: 50, p50: 25, p90: 45, p99: 50, max: 50 });

    const wide = new LagHistogram();
    for (let v = 1; v <= 10_000; v++) wide.record(v);
    for (const [q, exact] of [[0.5, 5_000], [0.9, 9_000], [0.99, 9_900]] as const) {
      const got = wide.percentile(q);
      assert.ok(got >= exact && got <= exact * 1.03, `p${q * 100} = ${got}, exact ${exact}`);
    }
    assert.equal(wide.max, 10_000);
  });

  test('memory stays fixed however many and however large the values', () => {
    const h = new LagHistogram();
    const buckets = h.counts.length;
    for (let i = 0; i < 200_000; i++) h.record((i * 7919) % 3_600_000);
    h.record(1e13);
    h.record(-5);
    assert.equal(h.counts.length, buckets);
    assert.ok(buckets < 1_000, `${buckets} buckets`);
    assert.equal(h.count, 200_002);
    assert.equal(h.max, 1e13, 'the max is kept exactly even past the last bucket');
    assert.equal(h.percentile(1), 1e13);
    assert.equal(h.percentile(0), 0, 'a negative lag counts as none');
  });
});

describe('createScheduleStats', () => {
  test('counts checks by phase, lag of regular checks only, since start and over the last minute', () => {
    let now = 1_000_000;
    const events = new EngineEvents();
    const scheduler = { started: 9, skippedSlots: 2, running: 1, monitors: 3 };
    const stats = createScheduleStats(events, { now: () => now, scheduler: () => scheduler });

    completed(events, 'regular', 500);
    completed(events, 'regular', 400, FAILED);
    completed(events, 'confirm', 9_999, FAILED);
    now += 120_000;
    completed(events, 'regular', 3);
    completed(events, 'regular', 5);

    const s = stats.snapshot();
    assert.equal(s.since, 1_000_000);
    assert.deepEqual(s.checks, { regular: { completed: 4, failed: 1 }, confirm: { completed: 1, failed: 1 } });
    assert.equal(s.lag.count, 4, 'confirmation re-checks have no slot to be late for');
    assert.equal(s.lag.max, 500);
    assert.deepEqual(s.lastWindow.checks, { regular: { completed: 2, failed: 0 }, confirm: { completed: 0, failed: 0 } });
    assert.deepEqual(s.lastWindow.lag, { count: 2, p50: 3, p90: 5, p99: 5, max: 5 });
    assert.deepEqual(s.scheduler, scheduler);

    now += 61_000;
    assert.equal(stats.snapshot().lastWindow.lag.count, 0, 'a quiet minute empties the window');
    assert.equal(stats.snapshot().lag.count, 4);
  });
});
