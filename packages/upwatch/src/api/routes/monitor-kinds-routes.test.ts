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
import { pingTokenOf } from '../../probes/heartbeat/heartbeat-settings.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { T0 } from '../../store/store-fixtures.js';
import { ManualClock } from '../../test-support/manual-clock.js';
import { buildApi } from '../api-app.js';
import { issueApiToken } from '../api-tokens.js';

/** Every kind of monitor through /api/monitors, in process, over a real SQLite store. */
describe('monitor kinds through the API', () => {
  let dir: string;
  let store: Store;
  let heartbeats: HeartbeatLog;
  let app: FastifyInstance;
  let auth: { authorization: string };
  const clock = new ManualClock(T0);
  const judged: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upwatch-kinds-api-'));
    store = await openSqliteStore(join(dir, 'upwatch.db'));
    heartbeats = new HeartbeatLog(store, () => clock.now(), pingTokenOf);
    const runtime = {
      upsert: (m: Parameters<HeartbeatLog['track']>[0]) => heartbeats.track(m),
      remove: (id: string) => heartbeats.untrack(id),
      getState: () => undefined,
      checkNow: (id: string) => void judged.push(id),
    };
    app = buildApi(
      { store, runtime, clock, notifierNames: () => [], newId: randomUUID, version: 'test', maintenance: new MaintenanceRegistry(store, () => clock.now()), heartbeats },
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

  const call = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) => app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });

  test('tcp, dns, tls and heartbeat monitors are created, read back with their keys, and changed', async () => {
    const tcp = await call('POST', '/api/monitors', { name: 'db', type: 'tcp', host: '127.0.0.1', port: 5432, interval: '30s' });
    assert.equal(tcp.statusCode, 201, tcp.body);
    assert.deepEqual({ type: tcp.json().type, host: tcp.json().host, port: tcp.json().port, target: tcp.json().target }, { type: 'tcp', host: '127.0.0.1', port: 5432, target: 'TCP 127.0.0.1:5432' });

    const dns = await call('POST', '/api/monitors', { name: 'resolver', type: 'dns', query: 'example.com', record: 'A', expect: ['93.184.216.34'], resolver: '127.0.0.1:53' });
    assert.equal(dns.statusCode, 201, dns.body);
    assert.deepEqual(dns.json().expect, ['93.184.216.34']);

    const tls = await call('POST', '/api/monitors', { name: 'cert', type: 'tls', host: 'example.com', warn_days: [30, 7], tls: { skip_verify: true } });
    assert.equal(tls.statusCode, 201, tls.body);
    assert.equal(tls.json().port, 443);
    assert.equal(tls.json().warnings.length, 1, 'skip_verify shows as a warning on the monitor');
    assert.match(tls.json().warnings[0], /skip_verify/);

    const job = await call('POST', '/api/monitors', { name: 'backup', type: 'heartbeat', every: '1d', grace: '30m' });
    assert.equal(job.statusCode, 201, job.body);
    assert.match(job.json().token, /^[A-Za-z0-9_-]{22}$/, 'a token is generated');
    assert.equal(job.json().confirm, 0);

    // A change keeps what is not named, and the token stays.
    const changed = await call('PATCH', '/api/monitors/backup', { grace: '1h' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().grace, '1h');
    assert.equal(changed.json().token, job.json().token);
    const moved = await call('PATCH', '/api/monitors/db', { port: 6432 });
    assert.equal(moved.json().port, 6432);
    assert.equal(moved.json().host, '127.0.0.1');

    // A kind can change: the old kind's keys go with it.
    const retyped = await call('PATCH', '/api/monitors/db', { type: 'http', url: 'http://127.0.0.1:6432/health' });
    assert.equal(retyped.statusCode, 200, retyped.body);
    assert.equal(retyped.json().type, 'http');
    assert.equal(retyped.json().port, undefined);
    assert.equal(retyped.json().interval, '1m', 'the new kind\'s interval, not the old one\'s');
    assert.equal(retyped.json().confirm, 3);
  });

  test('errors name the field, and another kind\'s key says which kind it belongs to', async () => {
    const res = await call('POST', '/api/monitors', { name: 'x', type: 'tcp', host: 'db.internal:5432', url: 'http://x/' });
    assert.equal(res.statusCode, 400);
    const fields = Object.fromEntries(res.json().fields.map((f: { path: string; message: string }) => [f.path, f.message]));
    assert.match(fields.url, /is a key of http monitors, not of a tcp monitor/);
    assert.match(fields.host, /must not carry the port/);
    assert.match(fields.port, /is required/);
  });

  test('a ping reaches its heartbeat with no login, and two heartbeats cannot share a token', async () => {
    const first = await call('POST', '/api/monitors', { name: 'nightly', type: 'heartbeat', token: 'shared-token', cron: '0 3 * * *', tz: 'Europe/Berlin' });
    assert.equal(first.statusCode, 201, first.body);
    const clash = await call('POST', '/api/monitors', { name: 'other', type: 'heartbeat', token: 'shared-token', every: '1h' });
    assert.equal(clash.statusCode, 409);
    assert.match(clash.json().fields[0].message, /is the token of monitor "nightly" already/);

    const ping = await app.inject({ method: 'POST', url: '/ping/shared-token/fail', payload: 'exit code 2', headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(ping.statusCode, 200);
    assert.deepEqual(judged, [first.json().id], 'the monitor is judged at once');
    const { pings } = (await call('GET', '/api/monitors/nightly/pings')).json();
    assert.equal(pings.length, 1);
    assert.equal(pings[0].kind, 'fail');
    assert.equal(pings[0].message, 'exit code 2');
    assert.equal((await app.inject({ method: 'GET', url: '/ping/unknown-token' })).statusCode, 404);
    assert.equal((await call('GET', '/api/monitors/db/pings')).statusCode, 400, 'only heartbeats have pings');
  });
});
