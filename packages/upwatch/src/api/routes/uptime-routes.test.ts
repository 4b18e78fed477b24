import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { HeartbeatLog } from '../../engine/heartbeat-log.js';
import { MaintenanceRegistry } from '../../engine/maintenance-registry.js';
import { createHistoryJob } from '../../history/history-job.js';
import { pingTokenOf } from '../../probes/heartbeat/heartbeat-settings.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store, StoredCheck } from '../../store/store.js';
import { aFailedCheck, aMonitor, anOkCheck, T0 } from '../../store/store-fixtures.js';
import { ManualClock } from '../../test-support/manual-clock.js';
import { buildApi } from '../api-app.js';
import { issueApiToken } from '../api-tokens.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** /api/monitors/:id/uptime in process, over a real SQLite store rolled up by the history job. */
describe('uptime API', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let auth: { authorization: string };
  const now = T0 + 3 * HOUR;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upwatch-uptime-api-'));
    store = await openSqliteStore(join(dir, 'upwatch.db'));
    await store.insertMonitor(aMonitor('a', { name: 'api' }));
    // A check a minute for three hours; every fourth failed, every eighth of those a blip.
    const checks: StoredCheck[] = [];
    for (let i = 0; i < 180; i++) {
      const at = T0 + i * MINUTE;
      checks.push(i % 4 !== 3 ? anOkCheck('a', at) : aFailedCheck('a', at, { transient: i % 8 === 7 }));
    }
    await store.insertChecks(checks);
    const clock = new ManualClock(now);
    // Most of it from rollups, the last minutes from the checks themselves.
    await createHistoryJob({ store, clock, retention: { checksMs: 30 * 86_400_000 }, onError: (err) => assert.fail(String(err)) }).runPass();
    assert.equal((await store.rollupMarks()).minute, now - 5 * MINUTE);

    const runtime = { upsert: () => undefined, remove: () => undefined, getState: () => undefined, checkNow: () => undefined };
    app = buildApi(
      { store, runtime, clock, notifierNames: () => [], newId: randomUUID, version: 'test', maintenance: new MaintenanceRegistry(store, () => now), heartbeats: new HeartbeatLog(store, () => now, pingTokenOf) },
      pino({ level: 'silent' }),
    );
    const { token } = await issueApiToken(store, 'test', now, randomUUID);
    auth = { authorization: `Bearer ${token}` };
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('answers each window: uptime in percent, counts without blips as failures, response times', async () => {
    const res = await app.inject({ url: '/api/monitors/api/uptime', headers: auth });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(Object.keys(body), ['24h', '7d', '30d', '90d']);
    // 180 checks, 45 failed, 22 of those blips: 23 failures.
    const figures = { uptime: 87.222, checks: 180, failures: 23, p50_ms: 40, p95_ms: 49, p99_ms: 49.8, mean_ms: 47.3 };
    assert.deepEqual(body['24h'], { ...figures, since: new Date(now - 24 * HOUR).toISOString() });
    assert.deepEqual(body['90d'], { ...figures, since: new Date(T0 - 90 * 24 * HOUR).toISOString() });
  });

  test('an unknown monitor is a 404; without a token, a 401', async () => {
    const missing = await app.inject({ url: '/api/monitors/nope/uptime', headers: auth });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.json().message, /no monitor with id or name "nope"/);
    assert.equal((await app.inject({ url: '/api/monitors/api/uptime' })).statusCode, 401);
  });
});
