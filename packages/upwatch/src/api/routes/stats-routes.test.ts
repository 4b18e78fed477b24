import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { initialState } from '../../core/detector.js';
import { EngineEvents } from '../../engine/engine-events.js';
import { HeartbeatLog } from '../../engine/heartbeat-log.js';
import { MaintenanceRegistry } from '../../engine/maintenance-registry.js';
import { createScheduleStats } from '../../engine/schedule-stats.js';
import { pingTokenOf } from '../../probes/heartbeat/heartbeat-settings.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { T0 } from '../../store/store-fixtures.js';
import { buildApi } from '../api-app.js';
import { issueApiToken } from '../api-tokens.js';

/** /api/stats in process, over a real SQLite store (for the token) and the counters the server wires. */
describe('schedule stats API', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let auth: { authorization: string };
  const events = new EngineEvents();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upwatch-stats-api-'));
    store = await openSqliteStore(join(dir, 'upwatch.db'));
    const stats = createScheduleStats(events, { now: () => T0, scheduler: () => ({ started: 3, skippedSlots: 1, running: 0, monitors: 2 }) });
    const runtime = { upsert: () => undefined, remove: () => undefined, getState: () => undefined, checkNow: () => undefined };
    app = buildApi(
      { store, runtime, clock: { now: () => T0 } as never, notifierNames: () => [], newId: randomUUID, version: 'test', maintenance: new MaintenanceRegistry(store, () => T0), heartbeats: new HeartbeatLog(store, () => T0, pingTokenOf), stats },
      pino({ level: 'silent' }),
    );
    const { token } = await issueApiToken(store, 'test', T0, randomUUID);
    auth = { authorization: `Bearer ${token}` };
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('answers counts, lag percentiles and the scheduler\'s counters, to a caller with a token only', async () => {
    const check = { at: T0, timings: { dns: 0, connect: 0, tls: 0, ttfb: 0, total: 1 }, status: 200, requestId: '', traceId: '', responseRequestId: null, error: null, ok: true, kind: null } as const;
    for (const lagMs of [2, 4, 120]) events.emit('check.completed', { monitorId: 'm', name: 'm', phase: 'regular', check, state: initialState(T0), lagMs });

    assert.equal((await app.inject({ url: '/api/stats' })).statusCode, 401);
    const res = await app.inject({ url: '/api/stats', headers: auth });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.since, new Date(T0).toISOString());
    assert.deepEqual(body.checks, { regular: { completed: 3, failed: 0 }, confirm: { completed: 0, failed: 0 } });
    assert.deepEqual(body.lag_ms, { count: 3, p50: 4, p90: 120, p99: 120, max: 120 });
    assert.equal(body.last_window.window_s, 60);
    assert.equal(body.last_window.lag_ms.count, 3);
    assert.deepEqual(body.scheduler, { monitors: 2, started: 3, running: 0, skipped_slots: 1 });
  });
});
