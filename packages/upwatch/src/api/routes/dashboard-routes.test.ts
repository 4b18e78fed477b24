import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { DetectorState } from '../../core/detector.js';
import { HeartbeatLog } from '../../engine/heartbeat-log.js';
import { MaintenanceRegistry } from '../../engine/maintenance-registry.js';
import { pingTokenOf } from '../../probes/heartbeat/heartbeat-settings.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store, StoredCheck } from '../../store/store.js';
import { aFailedCheck, aMonitor, anOkCheck, aState, T0 } from '../../store/store-fixtures.js';
import { ManualClock } from '../../test-support/manual-clock.js';
import { buildApi } from '../api-app.js';
import { issueApiToken } from '../api-tokens.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** GET /api/dashboard/monitors and GET /api/monitors/:id/series in process, over a real SQLite store. */
describe('dashboard API', () => {
  let store: Store;
  let app: FastifyInstance;
  let auth: { authorization: string };
  const now = T0 + 10 * DAY;
  const clock = new ManualClock(now);
  // The engine's memory: the live state of each monitor it runs.
  const states = new Map<string, DetectorState>();

  before(async () => {
    store = await openSqliteStore(':memory:');
    await store.insertMonitors([
      aMonitor('a', { name: 'api', tags: ['prod', 'eu'] }),
      aMonitor('b', { name: 'billing' }),
      aMonitor('c', { name: 'cache', paused: true }),
      aMonitor('d', { name: 'docs', source: 'config' }),
      aMonitor('e', { name: 'edge' }),
    ]);
    await store.insertChecks([
      anOkCheck('a', now - 2 * DAY), // before the 24 hours
      anOkCheck('a', now - 3 * HOUR),
      aFailedCheck('a', now - 2 * HOUR),
      anOkCheck('a', now - 10 * MINUTE),
      anOkCheck('a', now - MINUTE, { kind: 'degraded', timings: { dns: 1, connect: 2, tls: 3, ttfb: 900, total: 1234.56 } }),
      aFailedCheck('b', now - 30_000, { kind: 'timeout', phase: 'confirm' }),
      anOkCheck('b', now - 5 * MINUTE),
    ]);
    states.set('a', aState({ status: 'up', since: now - HOUR, degraded: true, lastCheckAt: now - MINUTE }));
    states.set('b', aState({ status: 'recovering', since: now - 30_000, incidentId: 'inc-1', lastCheckAt: now - 30_000 }));
    states.set('c', aState({ status: 'down', since: now - DAY }));
    states.set('d', aState({ status: 'verifying', since: now - 5_000 }));
    const runtime = { upsert: () => undefined, remove: () => undefined, getState: (id: string) => states.get(id), checkNow: () => undefined };
    app = buildApi(
      { store, runtime, clock, notifierNames: () => [], newId: randomUUID, version: 'test', maintenance: new MaintenanceRegistry(store, () => now), heartbeats: new HeartbeatLog(store, () => now, pingTokenOf) },
      pino({ level: 'silent' }),
    );
    auth = { authorization: `Bearer ${(await issueApiToken(store, 'test', now, randomUUID)).token}` };
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('lists every monitor with its target, live state, last check and 24-hour uptime', async () => {
    const res = await app.inject({ url: '/api/dashboard/monitors', headers: auth });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.at, new Date(now).toISOString());
    const byName = new Map<string, any>(body.monitors.map((m: any) => [m.name, m]));
    assert.deepEqual([...byName.keys()], ['api', 'billing', 'cache', 'docs', 'edge']);
    assert.deepEqual(byName.get('api'), {
      id: 'a',
      name: 'api',
      type: 'http',
      target: 'GET http://127.0.0.1:8080/a',
      source: 'api',
      paused: false,
      tags: ['prod', 'eu'],
      state: 'degraded',
      since: new Date(now - HOUR).toISOString(),
      incident_id: null,
      last_check: { at: new Date(now - MINUTE).toISOString(), ok: true, ms: 1234.6, kind: 'degraded' },
      // 4 regular checks in the 24 hours, one failed.
      uptime_24h: 75,
    });
    const billing = byName.get('billing');
    // Recovering is still down; the last check is the confirmation re-check; uptime counts regular checks only.
    assert.equal(billing.state, 'down');
    assert.equal(billing.incident_id, 'inc-1');
    assert.deepEqual(billing.last_check, { at: new Date(now - 30_000).toISOString(), ok: false, ms: 47.3, kind: 'timeout' });
    assert.equal(billing.uptime_24h, 100);
    assert.equal(byName.get('cache').state, 'paused', 'paused wins over what the engine last knew');
    assert.equal(byName.get('docs').state, 'up', 'a failure being confirmed is not down yet');
    assert.equal(byName.get('docs').source, 'config');
    const edge = byName.get('edge');
    assert.equal(edge.state, 'pending');
    assert.equal(edge.last_check, null);
    assert.equal(edge.uptime_24h, null);
  });

  test('is gzipped for a client that takes it', async () => {
    const plain = await app.inject({ url: '/api/dashboard/monitors', headers: auth });
    const zipped = await app.inject({ url: '/api/dashboard/monitors', headers: { ...auth, 'accept-encoding': 'gzip' } });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.match(zipped.headers['content-type'] as string, /^application\/json/);
    assert.deepEqual(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8')), plain.json());
  });

  test('needs a token', async () => {
    assert.equal((await app.inject({ url: '/api/dashboard/monitors' })).statusCode, 401);
    assert.equal((await app.inject({ url: '/api/monitors/a/series' })).statusCode, 401);
  });

  test('series: the checks of 24 hours as columns with their timing breakdown, oldest first', async () => {
    const res = await app.inject({ url: '/api/monitors/api/series?range=24h', headers: auth });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      range: '24h',
      resolution: 'check',
      at: [now - 3 * HOUR, now - 2 * HOUR, now - 10 * MINUTE, now - MINUTE],
      ok: [1, 0, 1, 1],
      dns: [1.5, 1.5, 1.5, 1],
      connect: [2.2, 2.2, 2.2, 2],
      tls: [3.1, 3.1, 3.1, 3],
      ttfb: [40.5, 40.5, 40.5, 900],
      total: [47.3, 47.3, 47.3, 1234.6],
    });
    assert.equal((await app.inject({ url: '/api/monitors/a/series?range=7d', headers: auth })).json().at.length, 5);
  });

  test('series: 30 and 90 days from the hourly rollups, then the minutes after the hour mark', async () => {
    const keys = await store.historyKeyRange();
    assert.ok(keys);
    const hourMark = now - 2 * HOUR;
    await store.rollUp('minute', { ...keys, from: T0, to: now - 5 * MINUTE });
    await store.rollUp('hour', { ...keys, from: T0, to: hourMark });
    await store.setRollupMark('minute', now - 5 * MINUTE);
    await store.setRollupMark('hour', hourMark);
    const res = await app.inject({ url: '/api/monitors/a/series?range=30d', headers: auth });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.resolution, 'hour');
    // Two hours before the mark, then the minutes of the two checks after it (the newest is not rolled up yet).
    assert.deepEqual(body.at, [now - 2 * DAY, now - 3 * HOUR, now - 2 * HOUR, now - 10 * MINUTE]);
    assert.deepEqual(body.checks, [1, 1, 1, 1]);
    assert.deepEqual(body.failures, [0, 0, 1, 0]);
    assert.deepEqual(body.mean_ms, [47.3, 47.3, null, 47.3]);
  });

  test('series: a range it does not know names the field; an unknown monitor is a 404', async () => {
    const bad = await app.inject({ url: '/api/monitors/a/series?range=1y', headers: auth });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().fields, [{ path: 'range', message: 'must be one of 24h, 7d, 30d, 90d' }]);
    assert.equal((await app.inject({ url: '/api/monitors/nope/series', headers: auth })).statusCode, 404);
  });
});

/** The list is one answer for every monitor: 10,000 of them must come back at once, not a request each. */
test('dashboard API: 10,000 monitors in one answer, quickly', async () => {
  const store = await openSqliteStore(':memory:');
  const now = T0 + DAY;
  const monitors = Array.from({ length: 10_000 }, (_, i) => aMonitor(`m${i}`, { name: `monitor ${i}` }));
  await store.insertMonitors(monitors);
  const checks: StoredCheck[] = monitors.flatMap((m, i) => [anOkCheck(m.id, now - 2 * MINUTE), i % 10 === 0 ? aFailedCheck(m.id, now - MINUTE) : anOkCheck(m.id, now - MINUTE)]);
  await store.insertChecks(checks);
  const runtime = { upsert: () => undefined, remove: () => undefined, getState: () => aState({ status: 'up' }), checkNow: () => undefined };
  const app = buildApi(
    { store, runtime, clock: new ManualClock(now), notifierNames: () => [], newId: randomUUID, version: 'test', maintenance: new MaintenanceRegistry(store, () => now), heartbeats: new HeartbeatLog(store, () => now, pingTokenOf) },
    pino({ level: 'silent' }),
  );
  try {
    const auth = { authorization: `Bearer ${(await issueApiToken(store, 'test', now, randomUUID)).token}` };
    await app.inject({ url: '/api/dashboard/monitors', headers: auth });
    const started = performance.now();
    const res = await app.inject({ url: '/api/dashboard/monitors', headers: auth });
    const ms = performance.now() - started;
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.monitors.length, 10_000);
    assert.equal(body.monitors.filter((m: any) => m.last_check?.ok === false).length, 1_000);
    assert.equal(body.monitors.find((m: any) => m.id === 'm10').uptime_24h, 50);
    // About 0.3 s on the reference machine; the bound leaves room for a slow CI runner.
    assert.ok(ms < 3_000, `took ${Math.round(ms)} ms`);
  } finally {
    await app.close();
    await store.close();
  }
});
