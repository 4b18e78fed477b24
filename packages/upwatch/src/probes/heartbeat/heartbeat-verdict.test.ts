import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HeartbeatLast, HeartbeatPing, HeartbeatPingKind } from '../../core/heartbeat.js';
import { judgeHeartbeat } from './heartbeat-verdict.js';
import type { HeartbeatSettings } from './heartbeat-settings.js';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);

const every = (everyMs: number, extra: Partial<HeartbeatSettings> = {}): HeartbeatSettings => ({
  token: 'tok123',
  everyMs,
  cron: null,
  tz: null,
  graceMs: 5 * MIN,
  maxRuntimeMs: null,
  ...extra,
});

let nextId = 1;
const ping = (kind: HeartbeatPingKind, at: number, message: string | null = null): HeartbeatPing => ({
  id: nextId++,
  monitorId: 'm',
  at,
  kind,
  message,
  durationMs: null,
  source: null,
});
const last = (pings: Partial<HeartbeatLast>): HeartbeatLast => ({ success: null, start: null, fail: null, ...pings });

describe('judgeHeartbeat: a period', () => {
  const settings = every(H, { graceMs: 10 * MIN });

  test('on time up to the period plus grace after the last ping, late after', () => {
    const pinged = last({ success: ping('success', T0) });
    assert.deepEqual(judgeHeartbeat(settings, pinged, 0, T0 + H + 10 * MIN), { ok: true });
    const late = judgeHeartbeat(settings, pinged, 0, T0 + H + 10 * MIN + 1);
    assert.equal(late.ok, false);
    assert.equal(!late.ok && late.kind, 'heartbeat_late');
    assert.match(!late.ok ? late.error : '', /no ping since 2026-11-20 12:00:00 UTC; expected by 2026-11-20 13:00:00 UTC \(every 1h, grace 10m\)/);
  });

  test('with no ping yet, the first is due one period after the monitor started watching', () => {
    assert.deepEqual(judgeHeartbeat(settings, last({}), T0, T0 + H), { ok: true });
    const late = judgeHeartbeat(settings, last({}), T0, T0 + H + 11 * MIN);
    assert.equal(!late.ok && late.kind, 'heartbeat_late');
    assert.match(!late.ok ? late.error : '', /no ping yet since the monitor started watching at 2026-11-20 12:00:00 UTC/);
  });

  test('a reported failure is down until a success follows it, and says what the job said', () => {
    const failed = judgeHeartbeat(settings, last({ success: ping('success', T0), fail: ping('fail', T0 + MIN, 'pg_dump: disk full\n  at line 3') }), 0, T0 + 2 * MIN);
    assert.equal(!failed.ok && failed.kind, 'heartbeat_failed');
    assert.match(!failed.ok ? failed.error : '', /reported a failure at 2026-11-20 12:01:00 UTC: pg_dump: disk full at line 3$/);
    assert.deepEqual(judgeHeartbeat(settings, last({ fail: ping('fail', T0), success: ping('success', T0 + MIN) }), 0, T0 + 2 * MIN), { ok: true });
    // A new start does not clear the failure; only a success does.
    const restarted = judgeHeartbeat(settings, last({ fail: ping('fail', T0), start: ping('start', T0 + MIN) }), 0, T0 + 2 * MIN);
    assert.equal(!restarted.ok && restarted.kind, 'heartbeat_failed');
  });

  test('a long message is cut', () => {
    const failed = judgeHeartbeat(settings, last({ fail: ping('fail', T0, 'x'.repeat(5_000)) }), 0, T0);
    assert.ok(!failed.ok && failed.error.length < 400 && failed.error.endsWith('…'));
  });

  test('a start with no finish within max_runtime is an overrun; a finish ends the run', () => {
    const s = every(H, { maxRuntimeMs: 30 * MIN });
    const running = last({ success: ping('success', T0 - H), start: ping('start', T0) });
    assert.deepEqual(judgeHeartbeat(s, running, 0, T0 + 30 * MIN), { ok: true });
    const over = judgeHeartbeat(s, running, 0, T0 + 31 * MIN);
    assert.equal(!over.ok && over.kind, 'heartbeat_overrun');
    assert.match(!over.ok ? over.error : '', /started at 2026-11-20 12:00:00 UTC and not finished after 31m \(max_runtime 30m\)/);
    assert.deepEqual(judgeHeartbeat(s, last({ start: ping('start', T0), success: ping('success', T0 + 40 * MIN) }), 0, T0 + 41 * MIN), { ok: true });
  });

  test('without max_runtime a hung run shows as late once the next ping is due', () => {
    const hung = judgeHeartbeat(settings, last({ start: ping('start', T0) }), 0, T0 + H + 11 * MIN);
    assert.equal(!hung.ok && hung.kind, 'heartbeat_late');
  });
});

describe('judgeHeartbeat: a cron schedule with a time zone', () => {
  // 03:00 in Berlin is 02:00 UTC in winter.
  const nightly: HeartbeatSettings = { token: 'tok123', everyMs: null, cron: '0 3 * * *', tz: 'Europe/Berlin', graceMs: 30 * MIN, maxRuntimeMs: null };
  const berlin3am = (day: number) => Date.UTC(2026, 10, day, 2, 0, 0);

  test('a job that pinged last night is on time until tonight\'s run plus grace', () => {
    const pinged = last({ success: ping('success', berlin3am(20) + 5 * MIN) });
    assert.deepEqual(judgeHeartbeat(nightly, pinged, 0, berlin3am(21) + 30 * MIN), { ok: true });
    const late = judgeHeartbeat(nightly, pinged, 0, berlin3am(21) + 31 * MIN);
    assert.equal(!late.ok && late.kind, 'heartbeat_late');
    assert.match(!late.ok ? late.error : '', /expected by 2026-11-21 02:00:00 UTC \(cron 0 3 \* \* \* Europe\/Berlin, grace 30m\)/);
  });

  test('with no ping yet, the first run after the monitor was created is expected, however close', () => {
    const created = berlin3am(21) - 3 * MIN;
    assert.deepEqual(judgeHeartbeat(nightly, last({}), created, berlin3am(21) + 30 * MIN), { ok: true });
    const late = judgeHeartbeat(nightly, last({}), created, berlin3am(21) + 31 * MIN);
    assert.equal(!late.ok && late.kind, 'heartbeat_late');
  });

  test('a ping that comes late but within grace counts, and one a little early counts for the coming run', () => {
    const lateButInGrace = last({ success: ping('success', berlin3am(21) + 25 * MIN) });
    assert.deepEqual(judgeHeartbeat(nightly, lateButInGrace, 0, berlin3am(21) + 40 * MIN), { ok: true });
    const early = last({ success: ping('success', berlin3am(21) - 2 * MIN) });
    assert.deepEqual(judgeHeartbeat(nightly, early, 0, berlin3am(21) + 40 * MIN), { ok: true });
    assert.equal(judgeHeartbeat(nightly, early, 0, berlin3am(22) + 31 * MIN).ok, false);
  });
});
