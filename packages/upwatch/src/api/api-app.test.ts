import assert from 'node:assert/strict';
import { NO_EXPECTATIONS } from '../probes/http/http-settings.js';
import { httpSettings } from '../test-support/monitor-spec.js';
import { HeartbeatLog } from '../engine/heartbeat-log.js';
import { pingTokenOf } from '../probes/heartbeat/heartbeat-settings.js';
import { MaintenanceRegistry } from '../engine/maintenance-registry.js';
import { DEFAULT_ALERTING } from '../core/alert-policy.js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { systemClock } from '../core/clock.js';
import { MonitorEngine } from '../engine/monitor-engine.js';
import { createHttpProbe } from '../probes/http/http-probe.js';
import { createCheckBatcher, type CheckBatcher } from '../store/check-batcher.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { startHttpTarget, type HttpTarget } from '../test-support/targets.js';
import { buildApi } from './api-app.js';
import { issueApiToken } from './api-tokens.js';

/**
 * The REST API in process (fastify.inject) over the real engine, probe and SQLite store: what a
 * client sees, including every error shape.
 */
describe('REST API', () => {
  let dir: string;
  let store: Store;
  let engine: MonitorEngine;
  let checks: CheckBatcher;
  let app: FastifyInstance;
  let target: HttpTarget;
  let auth: { authorization: string };
  const logLines: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upwatch-api-'));
    store = await openSqliteStore(join(dir, 'upwatch.db'));
    target = await startHttpTarget('ok');
    checks = createCheckBatcher({ store, clock: systemClock, flushIntervalMs: 20, onError: () => undefined });
    engine = new MonitorEngine({ store, clock: systemClock, probe: createHttpProbe(), checks, onAlertsQueued: () => undefined });
    await engine.start();
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    app = buildApi(
      { store, runtime: engine, clock: systemClock, notifierNames: () => ['ops'], newId: randomUUID, version: 'test', maintenance: new MaintenanceRegistry(store, Date.now), heartbeats: new HeartbeatLog(store, Date.now, pingTokenOf) },
      logger,
    );
    const { token } = await issueApiToken(store, 'test', Date.now(), randomUUID);
    auth = { authorization: `Bearer ${token}` };
  });

  after(async () => {
    await app.close();
    await engine.stop(0);
    await checks.close();
    await store.close();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a ping URL is never logged with its token, even one that matches no route', async () => {
    for (const url of ['/ping/SECRETPINGTOKEN123', '/ping/SECRETPINGTOKEN123/', '/ping/SECRETPINGTOKEN123/start/', '//ping/SECRETPINGTOKEN123/fial']) {
      assert.ok([401, 404].includes((await app.inject({ url })).statusCode), url);
    }
    assert.ok(logLines.some((l) => l.includes('/ping/')), 'the requests were logged');
    assert.ok(!logLines.some((l) => l.includes('SECRETPINGTOKEN123')), 'without the token');
  });

  test('health is open; everything else needs a token', async () => {
    assert.equal((await app.inject({ url: '/api/health' })).statusCode, 200);
    const anonymous = await app.inject({ url: '/api/monitors' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.headers['www-authenticate'], 'Bearer');
    assert.equal(anonymous.json().code, 'UNAUTHORIZED');
    const wrong = await app.inject({ method: 'POST', url: '/api/monitors', headers: { authorization: 'Bearer upw_nope' }, payload: {} });
    assert.equal(wrong.statusCode, 401);
    // The router decodes the path; the token check must see the same route it does.
    assert.equal((await app.inject({ url: '/%61pi/monitors' })).statusCode, 401);
    const sneaky = await app.inject({ method: 'POST', url: '/%61pi/monitors', payload: { name: 'sneaky', url: `${target.url}/` } });
    assert.equal(sneaky.statusCode, 401);
    assert.equal((await app.inject({ url: '/api/nothing-here' })).statusCode, 401, 'unknown paths reveal nothing without a token');
  });

  test('a request id comes back on every answer, the caller\'s own when well formed', async () => {
    const res = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'caller-123' } });
    assert.equal(res.headers['x-request-id'], 'caller-123');
    const bad = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'bad id\twith junk' } });
    assert.match(String(bad.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  test('invalid input is a 400 that names the field', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/monitors', headers: auth, payload: { name: 'x', url: `${target.url}/`, interval: '60' } });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.code, 'VALIDATION');
    assert.equal(body.fields[0].path, 'interval');
    assert.match(body.message, /^interval: /);
    assert.match(body.fields[0].message, /duration/);
    assert.ok(body.requestId);

    const unknownNotifier = await app.inject({ method: 'POST', url: '/api/monitors', headers: auth, payload: { name: 'y', url: `${target.url}/`, notify: ['opz'] } });
    assert.equal(unknownNotifier.statusCode, 400);
    assert.equal(unknownNotifier.json().fields[0].path, 'notify[0]');

    const malformed = await app.inject({ method: 'POST', url: '/api/monitors', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"name": ' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().message, 'the body is not valid JSON');
  });

  test('create, read by id and name, change, pause, list checks, delete', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/monitors', headers: auth, payload: { name: 'web', url: `${target.url}/health`, interval: '30s', notify: ['ops'] } });
    assert.equal(created.statusCode, 201);
    const monitor = created.json();
    assert.equal(created.headers.location, `/api/monitors/${monitor.id}`);
    assert.equal(monitor.interval, '30s');
    assert.equal(monitor.confirm, 3);
    assert.equal(monitor.source, 'api');

    // A monitor made by hand is checked at once, not an interval later.
    let state = 'unknown';
    for (let i = 0; i < 100 && state !== 'up'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      state = (await app.inject({ url: '/api/monitors/web', headers: auth })).json().state.status;
    }
    assert.equal(state, 'up');
    assert.ok(target.requests.some((r) => r.url === '/health'));

    const byId = await app.inject({ url: `/api/monitors/${monitor.id}`, headers: auth });
    assert.equal(byId.json().name, 'web');

    const patched = await app.inject({ method: 'PATCH', url: '/api/monitors/web', headers: auth, payload: { timeout: '5s', expect: { status: ['2xx'] } } });
    assert.equal(patched.statusCode, 200);
    assert.equal(patched.json().timeout, '5s');
    assert.deepEqual(patched.json().expect.status, ['2xx']);
    assert.equal(patched.json().interval, '30s');

    const paused = await app.inject({ method: 'PATCH', url: '/api/monitors/web', headers: auth, payload: { paused: true } });
    assert.equal(paused.json().paused, true);
    const badPause = await app.inject({ method: 'PATCH', url: '/api/monitors/web', headers: auth, payload: { paused: 'yes' } });
    assert.equal(badPause.json().fields[0].path, 'paused');

    await checks.flush();
    const list = await app.inject({ url: '/api/monitors/web/checks?limit=5', headers: auth });
    assert.equal(list.statusCode, 200);
    const [check] = list.json().checks;
    assert.equal(check.ok, true);
    assert.equal(check.request_id, null, 'an ok check keeps no request id');
    assert.equal(typeof check.timings.total, 'number');
    const badSince = await app.inject({ url: '/api/monitors/web/checks?since=yesterday', headers: auth });
    assert.equal(badSince.statusCode, 400);
    assert.equal(badSince.json().fields[0].path, 'since');
    const badLimit = await app.inject({ url: '/api/monitors/web/checks?limit=0', headers: auth });
    assert.equal(badLimit.json().fields[0].path, 'limit');

    const duplicate = await app.inject({ method: 'POST', url: '/api/monitors', headers: auth, payload: { name: 'web', url: `${target.url}/` } });
    assert.equal(duplicate.statusCode, 409);

    assert.equal((await app.inject({ method: 'DELETE', url: '/api/monitors/web', headers: auth })).statusCode, 204);
    const gone = await app.inject({ url: '/api/monitors/web', headers: auth });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().code, 'NOT_FOUND');
  });

  test('monitors from the config file are read-only here', async () => {
    const now = Date.now();
    await store.insertMonitor({
      id: randomUUID(),
      source: 'config',
      paused: false,
      createdAt: now,
      updatedAt: now,
      spec: { name: 'from-file', type: 'http', settings: { url: `${target.url}/`, method: 'GET', headers: {}, body: null, expect: NO_EXPECTATIONS }, intervalMs: 60_000, timeoutMs: 10_000, confirm: 3, recover: 1, notify: [], tags: [], alerting: DEFAULT_ALERTING },
    });
    const res = await app.inject({ method: 'PATCH', url: '/api/monitors/from-file', headers: auth, payload: { interval: '10s' } });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'READ_ONLY');
    assert.equal((await app.inject({ method: 'DELETE', url: '/api/monitors/from-file', headers: auth })).statusCode, 409);
  });

  test('incidents list and its filters', async () => {
    const res = await app.inject({ url: '/api/incidents?open=true', headers: auth });
    assert.equal(res.statusCode, 200);
    assert.ok(Array.isArray(res.json().incidents));
    const bad = await app.inject({ url: '/api/incidents?open=maybe', headers: auth });
    assert.equal(bad.json().fields[0].path, 'open');
  });

  test('an unexpected failure is a 500 with a request id, logged in full, and no internals sent', async () => {
    // A second store, closed under the API: every query now throws from deep inside the driver.
    const broken = await openSqliteStore(join(dir, 'broken.db'));
    const { token } = await issueApiToken(broken, 'x', Date.now(), randomUUID);
    const brokenApp = buildApi(
      { store: broken, runtime: engine, clock: systemClock, notifierNames: () => [], newId: randomUUID, version: 'test', maintenance: new MaintenanceRegistry(broken, Date.now), heartbeats: new HeartbeatLog(broken, Date.now, pingTokenOf) },
      pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
    );
    const tokenOk = await brokenApp.inject({ url: '/api/monitors', headers: { authorization: `Bearer ${token}` } });
    assert.equal(tokenOk.statusCode, 200);
    await broken.close();
    const res = await brokenApp.inject({ url: '/api/monitors', headers: { authorization: `Bearer ${token}` } });
    await brokenApp.close();
    assert.ok(res.statusCode === 500, `status ${res.statusCode}`);
    const body = res.json();
    assert.equal(body.error, 'Internal Server Error');
    assert.ok(body.requestId);
    assert.doesNotMatch(res.body, /at .*\.(ts|js):\d+|node_modules|sqlite|kysely|stack/i);
    const logged = logLines.find((l) => l.includes(body.requestId) && l.includes('unhandled error'));
    assert.ok(logged, 'the full error is logged with the request id');
    assert.match(logged!, /"stack"/);
  });
});
