import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Monitor } from '../core/monitor.js';
import { pingTokenOf } from '../probes/heartbeat/heartbeat-settings.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { T0 } from '../store/store-fixtures.js';
import { monitorSpec } from '../test-support/monitor-spec.js';
import { HeartbeatLog, PINGS_KEPT } from './heartbeat-log.js';

let dir: string;
let store: Store;
const heartbeat = (token: string): Monitor => ({
  id: 'hb',
  source: 'api',
  paused: false,
  createdAt: T0,
  updatedAt: T0,
  spec: monitorSpec('heartbeat', { token, everyMs: 3_600_000, cron: null, tz: null, graceMs: 60_000, maxRuntimeMs: null }, { name: 'job' }),
});

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upwatch-heartbeat-log-'));
  store = await openSqliteStore(join(dir, 'upwatch.db'));
  await store.insertMonitor(heartbeat('token-one'));
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('pings survive a restart, an edit and a pause; a new token answers and the old one stops', async () => {
  let now = T0;
  const log = new HeartbeatLog(store, () => now, pingTokenOf);
  await log.load([heartbeat('token-one')]);
  now += 1_000;
  const start = await log.record('hb', 'start', null, '127.0.0.1');
  now += 5_000;
  const done = await log.record('hb', 'success', 'copied 12 files', '127.0.0.1');
  assert.equal(done.durationMs, 5_000, 'a finish after a start gets the run time');

  const restarted = new HeartbeatLog(store, () => now, pingTokenOf);
  await restarted.load([heartbeat('token-one')]);
  assert.deepEqual(restarted.last('hb'), { success: done, start, fail: null });

  restarted.track({ ...heartbeat('token-two'), paused: true, updatedAt: now });
  assert.deepEqual(restarted.last('hb'), { success: done, start, fail: null }, 'an edit keeps the pings');
  assert.equal(restarted.monitorFor('token-two'), 'hb');
  assert.equal(restarted.monitorFor('token-one'), undefined);

  restarted.untrack('hb');
  assert.deepEqual(restarted.last('hb'), { success: null, start: null, fail: null });
  assert.equal(restarted.monitorFor('token-two'), undefined);
});

test(`at most ${PINGS_KEPT} pings are kept per monitor`, async () => {
  let now = T0 + 60_000;
  const log = new HeartbeatLog(store, () => now++, pingTokenOf);
  await log.load([heartbeat('token-one')]);
  for (let i = 0; i < PINGS_KEPT + 150; i++) await log.record('hb', 'success', null, null);
  const kept = await store.listHeartbeatPings('hb', { limit: PINGS_KEPT + 200 });
  assert.ok(kept.length >= PINGS_KEPT && kept.length < PINGS_KEPT + 100, `${kept.length} kept`);
});
