import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { initialState, type DetectorState } from '../../core/detector.js';
import { HeartbeatLog } from '../../engine/heartbeat-log.js';
import { MaintenanceRegistry } from '../../engine/maintenance-registry.js';
import { createHistoryJob } from '../../history/history-job.js';
import { pingTokenOf } from '../../probes/heartbeat/heartbeat-settings.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store, StoredCheck } from '../../store/store.js';
import { aFailedCheck, aMonitor, anOkCheck, T0 } from '../../store/store-fixtures.js';
import { ManualClock } from '../../test-support/manual-clock.js';
import { buildApi } from '../api-app.js';

const MINUTE = 60_000;

/** The public SVG badges, in process, over a real SQLite store rolled up by the history job. */
describe('badges', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  const now = T0 + 2 * 3_600_000;
  const states = new Map<string, DetectorState>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upwatch-badges-'));
    store = await openSqliteStore(join(dir, 'upwatch.db'));
    await store.insertMonitor(aMonitor('a', { name: 'api' }));
    await store.insertMonitor(aMonitor('b', { name: 'quiet', paused: true }));
    // A check a minute for two hours, one in ten failed: 90% uptime.
    const checks: StoredCheck[] = [];
    for (let i = 0; i < 120; i++) checks.push(i % 10 === 9 ? aFailedCheck('a', T0 + i * MINUTE) : anOkCheck('a', T0 + i * MINUTE));
    await store.insertChecks(checks);
    const clock = new ManualClock(now);
    await createHistoryJob({ store, clock, retention: { checksMs: 30 * 86_400_000 }, onError: (err) => assert.fail(String(err)) }).runPass();
    states.set('a', { ...initialState(T0), status: 'down' });
    const runtime = { upsert: () => undefined, remove: () => undefined, getState: (id: string) => states.get(id), checkNow: () => undefined };
    app = buildApi(
      { store, runtime, clock, notifierNames: () => [], newId: randomUUID, version: 'test', maintenance: new MaintenanceRegistry(store, () => now), heartbeats: new HeartbeatLog(store, () => now, pingTokenOf) },
      pino({ level: 'silent' }),
    );
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const badge = async (url: string) => {
    const res = await app.inject({ url });
    return { status: res.statusCode, type: res.headers['content-type'], cache: res.headers['cache-control'], svg: res.body, label: /aria-label="([^"]*)"/.exec(res.body)?.[1] };
  };

  test('status, by name or id, with no login, cacheable for a minute', async () => {
    const byName = await badge('/badge/api/status.svg');
    assert.equal(byName.status, 200);
    assert.equal(byName.type, 'image/svg+xml; charset=utf-8');
    assert.equal(byName.cache, 'public, max-age=60');
    assert.equal(byName.label, 'api: down');
    assert.match(byName.svg, /fill="#e05d44"/, 'down is red');
    assert.equal((await badge('/badge/a/status.svg')).label, 'api: down');
    states.set('a', { ...initialState(T0), status: 'up' });
    assert.equal((await badge('/badge/api/status.svg')).label, 'api: up');
    assert.equal((await badge('/badge/quiet/status.svg')).label, 'quiet: paused');
  });

  test('uptime over a period and the median response time, from the rollups', async () => {
    const uptime = await badge('/badge/api/uptime.svg?period=24h');
    assert.equal(uptime.label, 'uptime 24h: 90.00%');
    assert.equal(uptime.cache, 'public, max-age=300');
    assert.match(uptime.svg, /fill="#fe7d37"/, '90% is orange');
    assert.equal((await badge('/badge/api/uptime.svg')).label, 'uptime 30d: 90.00%', '30 days by default');
    assert.match((await badge('/badge/api/response-time.svg')).label ?? '', /^response time 24h: \d+ ms$/);
    assert.equal((await badge('/badge/quiet/uptime.svg')).label, 'uptime 30d: no data');
  });

  test('an unknown monitor or period still draws a badge, with an error status; names are escaped', async () => {
    const missing = await badge('/badge/nope/status.svg');
    assert.equal(missing.status, 404);
    assert.equal(missing.label, 'monitor: not found');
    const period = await badge('/badge/api/uptime.svg?period=1y');
    assert.equal(period.status, 400);
    assert.equal(period.label, 'period: use 24h, 7d, 30d, 90d');
    await store.insertMonitor(aMonitor('c', { name: 'a<b>&"c' }));
    const escaped = await badge(`/badge/${encodeURIComponent('a<b>&"c')}/status.svg`);
    assert.equal(escaped.label, 'a&#60;b&#62;&#38;&#34;c: no data');
    assert.doesNotMatch(escaped.svg, /<b>/);
  });
});
