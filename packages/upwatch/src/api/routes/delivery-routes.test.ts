import assert from 'node:assert/strict';
import { MaintenanceRegistry } from '../../engine/maintenance-registry.js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Clock } from '../../core/clock.js';
import type { Notifier, SendResult } from '../../notifiers/notifier.js';
import { Outbox } from '../../notifiers/outbox.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { NewDelivery, Store } from '../../store/store.js';
import { aDelivery, aMonitor, anIncident, aState, T0 } from '../../store/store-fixtures.js';
import { ManualClock } from '../../test-support/manual-clock.js';
import { buildApi } from '../api-app.js';
import { HeartbeatLog } from '../../engine/heartbeat-log.js';
import { pingTokenOf } from '../../probes/heartbeat/heartbeat-settings.js';
import { issueApiToken } from '../api-tokens.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * GET /api/deliveries in process (fastify.inject) over a real SQLite file. The first test fills the
 * outbox's history the way production does, through the Outbox itself, so what the API shows is
 * what the outbox recorded.
 */
describe('GET /api/deliveries', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let auth: { authorization: string };
  const quiet = pino({ level: 'silent' });
  const get = (url: string) => app.inject({ url, headers: auth });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upwatch-deliveries-api-'));
    store = await openSqliteStore(join(dir, 'upwatch.db'));
    const runtime = { upsert: () => undefined, remove: () => undefined, getState: () => undefined, checkNow: () => undefined };
    app = buildApi({ store, runtime, clock: new ManualClock(), notifierNames: () => ['hook'], newId: randomUUID, version: 'test', maintenance: new MaintenanceRegistry(store, () => T0), heartbeats: new HeartbeatLog(store, () => T0, pingTokenOf) }, quiet);
    const { token } = await issueApiToken(store, 'test', T0, randomUUID);
    auth = { authorization: `Bearer ${token}` };
  });

  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('needs a token, like every /api route', async () => {
    for (const url of ['/api/deliveries', '/api/deliveries/1']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 401, url);
      assert.equal(res.json().code, 'UNAUTHORIZED');
    }
  });

  test('shows what the outbox recorded: each attempt, a delivery given up unsent, and a held alert never sent', async () => {
    const m = aMonitor('web-1', { name: 'web' });
    await store.insertMonitor(m);
    const incident = anIncident('inc-1', m.id, T0);
    const down = aDelivery('alert-down', 'hook', T0, m, incident);
    await recordDeliveries(store, m.id, [down, aDelivery('alert-down', 'removed', T0, m, incident)]);
    await recordDeliveries(store, m.id, [{ ...aDelivery('alert-flap', 'hook', T0 + 1, m), heldReason: 'flapping' }]);

    // The receiver fails once, then takes the alert; each send takes 120 ms of the clock's time.
    const manual = new ManualClock(T0);
    let skew = 0;
    const clock: Clock = { now: () => manual.now() + skew, setTimer: (fn, ms) => manual.setTimer(fn, ms), clearTimer: (h) => manual.clearTimer(h) };
    const answers: SendResult[] = [
      { ok: false, retryable: true, error: 'HTTP 503 Service Unavailable', httpStatus: 503 },
      { ok: true, httpStatus: 202 },
    ];
    const sent: string[] = [];
    const hook: Notifier = {
      name: 'hook',
      type: 'test',
      send: async (alert) => {
        sent.push(alert.id);
        skew += 120;
        return answers.shift() ?? { ok: true, httpStatus: 200 };
      },
    };
    const outbox = new Outbox({ store, clock, notifiers: () => new Map([['hook', hook]]), logger: quiet, random: () => 0.5 });
    outbox.start();
    await outbox.idle();
    await manual.advance(10_000);
    await outbox.idle();
    await outbox.stop();
    assert.deepEqual(sent, ['alert-down', 'alert-down'], 'the held alert was never sent');

    const res = await get('/api/deliveries?monitor=web');
    assert.equal(res.statusCode, 200);
    const { deliveries, next_before } = res.json();
    assert.equal(next_before, null);
    assert.deepEqual(
      deliveries.map((d: { alert_id: string; notifier: string; status: string }) => [d.alert_id, d.notifier, d.status]),
      [
        ['alert-flap', 'hook', 'held'],
        ['alert-down', 'removed', 'failed'],
        ['alert-down', 'hook', 'delivered'],
      ],
    );
    const [flap, removed, delivered] = deliveries;

    const firstAttemptAt = T0 + 120;
    assert.deepEqual(delivered, {
      id: delivered.id,
      alert_id: 'alert-down',
      event: 'down',
      monitor: { id: 'web-1', name: 'web' },
      notifier: 'hook',
      status: 'delivered',
      created_at: iso(T0),
      delivered_at: delivered.attempt_log[1].at,
      given_up_at: null,
      held_reason: null,
      attempts: 2,
      next_attempt_at: null,
      last_error: 'HTTP 503 Service Unavailable',
      last_http_status: 202,
      attempt_log: [
        { number: 1, at: iso(firstAttemptAt), ok: false, http_status: 503, error: 'HTTP 503 Service Unavailable', duration_ms: 120 },
        { number: 2, at: delivered.attempt_log[1].at, ok: true, http_status: 202, error: null, duration_ms: 120 },
      ],
    });
    assert.ok(Date.parse(delivered.delivered_at) > firstAttemptAt, 'the retry came after the backoff');

    // Its notifier was removed: given up at once, with no attempt made or recorded.
    assert.equal(removed.attempts, 0);
    assert.deepEqual(removed.attempt_log, []);
    assert.match(removed.last_error, /no notifier named "removed"/);
    assert.ok(removed.given_up_at);

    assert.equal(flap.held_reason, 'flapping');
    assert.deepEqual([flap.attempts, flap.next_attempt_at, flap.delivered_at, flap.given_up_at, flap.attempt_log], [0, null, null, null, []]);

    // One by id is the same item.
    const one = await get(`/api/deliveries/${delivered.id}`);
    assert.equal(one.statusCode, 200);
    assert.deepEqual(one.json(), delivered);
  });

  test('filters by notifier, status, monitor (id or name, deleted too) and alert id; pending ones say when they are next tried', async () => {
    const a = aMonitor('api-1', { name: 'api' });
    const b = aMonitor('db-1', { name: 'db' });
    await store.insertMonitor(a);
    await store.insertMonitor(b);
    await recordDeliveries(store, a.id, [aDelivery('f-1', 'team', T0, a), aDelivery('f-1', 'ops', T0, a)]);
    await recordDeliveries(store, b.id, [aDelivery('f-2', 'team', T0 + 5, b)]);
    const [f2team] = await store.listDeliveries({ alertId: 'f-2', limit: 1 });
    assert.ok(f2team);
    await store.markAttemptFailed(f2team.id, { at: T0 + 6, attempts: 1, nextAttemptAt: T0 + 60_000, error: 'timed out', httpStatus: null, durationMs: 10_000 });

    const ids = async (query: string) => {
      const res = await get(`/api/deliveries?${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().deliveries.map((d: { alert_id: string; notifier: string }) => `${d.alert_id}/${d.notifier}`);
    };
    assert.deepEqual(await ids('alert_id=f-1'), ['f-1/ops', 'f-1/team']);
    assert.deepEqual(await ids('monitor=api'), ['f-1/ops', 'f-1/team']);
    assert.deepEqual(await ids('monitor=api-1&notifier=team'), ['f-1/team']);
    assert.deepEqual(await ids('monitor=db&status=pending'), ['f-2/team']);
    assert.deepEqual(await ids('monitor=db&status=delivered'), []);
    assert.deepEqual(await ids('monitor=nothing-by-that-name'), []);

    const pending = (await get('/api/deliveries?alert_id=f-2')).json().deliveries[0];
    assert.equal(pending.status, 'pending');
    assert.equal(pending.next_attempt_at, iso(T0 + 60_000));
    assert.equal(pending.last_http_status, null);
    assert.deepEqual(pending.attempt_log, [{ number: 1, at: iso(T0 + 6), ok: false, http_status: null, error: 'timed out', duration_ms: 10_000 }]);

    // A deleted monitor's deliveries stay on record, found by its id.
    await store.deleteMonitor(b.id);
    assert.deepEqual(await ids('monitor=db-1'), ['f-2/team']);
  });

  test('pages newest first with limit and before; next_before is null on the last page', async () => {
    const m = aMonitor('pager');
    await store.insertMonitor(m);
    for (let i = 0; i < 5; i++) await recordDeliveries(store, m.id, [aDelivery(`p-${i}`, 'pager-hook', T0 + i, m)]);

    const seen: string[] = [];
    let url = '/api/deliveries?notifier=pager-hook&limit=2';
    const cursors: Array<number | null> = [];
    for (;;) {
      const page = (await get(url)).json();
      seen.push(...page.deliveries.map((d: { alert_id: string }) => d.alert_id));
      cursors.push(page.next_before);
      if (page.next_before === null) break;
      url = `/api/deliveries?notifier=pager-hook&limit=2&before=${page.next_before}`;
    }
    assert.deepEqual(seen, ['p-4', 'p-3', 'p-2', 'p-1', 'p-0']);
    assert.equal(cursors.length, 3);
    // A page that ends exactly at the last delivery says so, rather than sending the client to an empty one.
    const exact = (await get('/api/deliveries?notifier=pager-hook&limit=5')).json();
    assert.equal(exact.deliveries.length, 5);
    assert.equal(exact.next_before, null);

    // Without a limit, a page is 50.
    await recordDeliveries(store, m.id, Array.from({ length: 51 }, (_, i) => aDelivery(`bulk-${i}`, 'bulk-hook', T0 + i, m)));
    const first = (await get('/api/deliveries?notifier=bulk-hook')).json();
    assert.equal(first.deliveries.length, 50);
    assert.deepEqual((await get(`/api/deliveries?notifier=bulk-hook&before=${first.next_before}`)).json().deliveries.length, 1);
  });

  test('bad query values are 400s that name the field, all of them at once', async () => {
    const cases: Array<[string, string]> = [
      ['status=sent', 'status'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['before=abc', 'before'],
      ['before=0', 'before'],
      ['before=1e3', 'before'],
      ['notifier=', 'notifier'],
      ['monitor=', 'monitor'],
      ['alert_id=', 'alert_id'],
      ['status=held&status=failed', 'status'],
    ];
    for (const [query, field] of cases) {
      const res = await get(`/api/deliveries?${query}`);
      assert.equal(res.statusCode, 400, query);
      const body = res.json();
      assert.equal(body.code, 'VALIDATION', query);
      assert.deepEqual(body.fields.map((f: { path: string }) => f.path), [field], query);
      assert.match(body.message, new RegExp(`^${field}: `), query);
      assert.ok(body.requestId);
    }
    const many = (await get('/api/deliveries?status=sent&limit=0&before=x')).json();
    assert.deepEqual(many.fields.map((f: { path: string }) => f.path), ['status', 'before', 'limit']);
    assert.match(many.fields[0].message, /pending, delivered, failed, held/);
  });

  test('one delivery: 404 in the API\'s error shape when missing, 400 when the id is not one', async () => {
    const missing = await get('/api/deliveries/999999');
    assert.equal(missing.statusCode, 404);
    const body = missing.json();
    assert.deepEqual([body.error, body.code, body.message], ['Not Found', 'NOT_FOUND', 'no delivery with id 999999']);
    assert.ok(body.requestId);

    const bad = await get('/api/deliveries/latest');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().fields[0].path, 'id');
  });
});

/** Queues these deliveries as a transition of the monitor would. */
async function recordDeliveries(store: Store, monitorId: string, deliveries: NewDelivery[]): Promise<void> {
  await store.recordTransition({ monitorId, state: aState(), deliveries });
}
