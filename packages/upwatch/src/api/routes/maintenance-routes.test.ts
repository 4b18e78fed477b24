import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { MaintenanceRegistry } from '../../engine/maintenance-registry.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { aMonitor, T0 } from '../../store/store-fixtures.js';
import { ManualClock } from '../../test-support/manual-clock.js';
import { buildApi } from '../api-app.js';
import { HeartbeatLog } from '../../engine/heartbeat-log.js';
import { pingTokenOf } from '../../probes/heartbeat/heartbeat-settings.js';
import { issueApiToken } from '../api-tokens.js';

/** /api/maintenance in process, over a real SQLite store and the registry the server uses. */
describe('maintenance windows API', () => {
  let dir: string;
  let store: Store;
  let registry: MaintenanceRegistry;
  let app: FastifyInstance;
  let auth: { authorization: string };
  const clock = new ManualClock(Date.parse('2026-11-29T02:30:00Z'));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upwatch-maintenance-api-'));
    store = await openSqliteStore(join(dir, 'upwatch.db'));
    await store.insertMonitor(aMonitor('m1', { name: 'db' }));
    registry = new MaintenanceRegistry(store, () => clock.now());
    await registry.load([{ name: 'from-file', monitors: null, schedule: { type: 'once', startsAt: T0, endsAt: T0 + 1 } }]);
    const runtime = { upsert: () => undefined, remove: () => undefined, getState: () => undefined, checkNow: () => undefined };
    app = buildApi({ store, runtime, clock, notifierNames: () => [], newId: randomUUID, version: 'test', maintenance: registry, heartbeats: new HeartbeatLog(store, Date.now, pingTokenOf) }, pino({ level: 'silent' }));
    const { token } = await issueApiToken(store, 'test', T0, randomUUID);
    auth = { authorization: `Bearer ${token}` };
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/maintenance', headers: auth, payload: payload as object });

  test('a recurring window is created, listed with its source and whether it is open now, applied at once, and kept across a restart', async () => {
    const res = await post({ name: 'weekly-db', monitors: ['db'], cron: '0 3 * * SUN', tz: 'Europe/Berlin', duration: '1h' });
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers.location, '/api/maintenance/weekly-db');
    // Sunday 29 November 2026, 03:30 in Berlin: inside the window.
    assert.deepEqual(res.json(), { name: 'weekly-db', monitors: ['db'], cron: '0 3 * * SUN', tz: 'Europe/Berlin', duration: '1h', source: 'api', active: true });
    assert.equal(registry.compiled().filter((w) => w.openAt(clock.now())).length, 1, 'the engine sees it from the next check');

    const list = await app.inject({ url: '/api/maintenance', headers: auth });
    assert.deepEqual(list.json().windows.map((w: any) => [w.name, w.source]), [['from-file', 'config'], ['weekly-db', 'api']]);

    const restarted = new MaintenanceRegistry(store, () => clock.now());
    await restarted.load([]);
    assert.deepEqual(restarted.list().map((e) => e.window.name), ['weekly-db']);
  });

  test('a one-off window in ISO time with its offset', async () => {
    const res = await post({ name: 'migration', start: '2026-12-01T22:00:00Z', end: '2026-12-01T23:30:00+01:00' });
    assert.equal(res.statusCode, 201);
    assert.deepEqual(res.json(), { name: 'migration', monitors: null, start: '2026-12-01T22:00:00.000Z', end: '2026-12-01T22:30:00.000Z', source: 'api', active: false });
  });

  test('bad input is a 400 naming each field; a taken name is a 409', async () => {
    const fields = async (payload: unknown) => {
      const res = await post(payload);
      assert.equal(res.statusCode, 400, JSON.stringify(res.json()));
      return res.json().fields.map((f: { path: string; message: string }) => `${f.path}: ${f.message}`);
    };
    assert.deepEqual(await fields({ name: 'x' }), ['(window): needs either start and end (a one-off window) or cron, tz and duration (a recurring one)']);
    assert.match((await fields({ name: 'x', cron: '61 * * * *', duration: '1h' }))[0], /^cron: is not a valid cron expression/);
    assert.deepEqual(await fields({ name: 'x', cron: '0 3 * * *', tz: 'Mars/Olympus', duration: '1h' }), ['tz: "Mars/Olympus" is not a time zone; use a name such as Europe/Berlin or UTC']);
    assert.deepEqual(await fields({ name: 'x', start: '2026-12-01 22:00', end: '2026-12-01T23:00:00Z', every: 1 }), [
      'every: "every" is not a maintenance window key (allowed: name, monitors, start, end, cron, tz, duration)',
      'start: must be a date and time with its offset, such as 2026-12-01T22:00:00Z or 2026-12-01T23:00:00+01:00',
    ]);
    assert.deepEqual(await fields({ name: 'x', monitors: ['dbb'], cron: '0 3 * * *', duration: '1h' }), ['monitors[0]: no monitor named "dbb"']);
    const taken = await post({ name: 'weekly-db', cron: '0 4 * * *', duration: '1h' });
    assert.equal(taken.statusCode, 409);
  });

  test('a window made through the API is deleted by name; one from the config file is read-only', async () => {
    const del = (name: string) => app.inject({ method: 'DELETE', url: `/api/maintenance/${name}`, headers: auth });
    assert.equal((await del('migration')).statusCode, 204);
    assert.equal((await del('migration')).statusCode, 404);
    const readOnly = await del('from-file');
    assert.equal(readOnly.statusCode, 409);
    assert.match(readOnly.json().message, /config file/);
    assert.deepEqual(registry.list().map((e) => e.window.name), ['from-file', 'weekly-db']);
  });

  test('needs a token', async () => {
    assert.equal((await app.inject({ url: '/api/maintenance' })).statusCode, 401);
  });
});
