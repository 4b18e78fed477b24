import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from '../migrations/migrations.js';
import { runStoreContract } from '../store-contract.js';
import { aFailedCheck, aMonitor, anIncident, aState, aDelivery, T0 } from '../store-fixtures.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'upwatch-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const newFile = () => join(dir, `store-${++files}.db`);

runStoreContract('sqlite file', () => openSqliteStore(newFile()));
runStoreContract('sqlite :memory:', () => openSqliteStore(':memory:'));

test('everything survives a close and a reopen of the file', async () => {
  const file = newFile();
  const m = aMonitor('a');
  const incident = anIncident('inc-1', 'a', T0);
  const state = aState({ status: 'down', incidentId: 'inc-1' });
  const first = await openSqliteStore(file);
  await first.insertMonitor(m);
  await first.insertChecks([aFailedCheck('a', T0)]);
  await first.recordTransition({ monitorId: 'a', state, openIncident: incident, deliveries: [aDelivery('alert-1', 'team', T0, m, incident)] });
  await first.insertApiToken({ id: 't', name: 'ci', hash: 'ab', createdAt: T0 });
  await first.close();
  // The checkpoint on close folded the log into the file.
  assert.equal(existsSync(`${file}-wal`), false);

  const second = await openSqliteStore(file);
  try {
    assert.deepEqual(await second.listMonitors(), [m]);
    assert.deepEqual(await second.listChecks('a', { limit: 10 }), [aFailedCheck('a', T0)]);
    assert.deepEqual((await second.loadStates()).get('a'), state);
    assert.deepEqual(await second.getIncident('inc-1'), incident);
    assert.equal((await second.queueHeads())[0]?.alert.id, 'alert-1');
    assert.equal(await second.countApiTokens(), 1);
  } finally {
    await second.close();
  }
});

test('opening creates the missing directories and puts the database in WAL mode', async () => {
  const file = join(dir, 'nested', 'deeper', 'upwatch.db');
  const store = await openSqliteStore(file);
  try {
    // A second connection sees what the store set up in the file itself.
    const peek = new SqliteDatabase(file, { readonly: true });
    try {
      assert.equal(peek.pragma('journal_mode', { simple: true }), 'wal');
      const tables = peek.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all();
      assert.deepEqual(tables, [
        'api_tokens',
        'certificate_warnings',
        'check_details',
        'check_rollups',
        'checks',
        'daily_bars',
        'deliveries',
        'delivery_attempts',
        'heartbeat_pings',
        'incidents',
        'kysely_migration',
        'kysely_migration_lock',
        'maintenance_windows',
        'monitor_states',
        'monitors',
        'notifiers',
        'rollup_marks',
        'sessions',
        'sqlite_sequence',
        'status_page_monitors',
        'status_pages',
        'users',
      ]);
    } finally {
      peek.close();
    }
  } finally {
    await store.close();
  }
});

test('a database from before migration 002 keeps its outbox: queued deliveries get their monitor and stay due', async () => {
  const file = newFile();
  const m = aMonitor('a');
  const old = new Kysely<any>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
  try {
    const { error } = await new Migrator({ db: old, provider: migrationProvider }).migrateTo('001-initial');
    assert.equal(error, undefined);
    const { alert } = aDelivery('alert-1', 'team', T0, m);
    await old
      .insertInto('deliveries')
      .values({ alert_id: 'alert-1', notifier: 'team', alert: JSON.stringify(alert), created_at: T0, attempts: 2, next_attempt_at: T0 + 500 })
      .execute();
  } finally {
    await old.destroy();
  }

  const store = await openSqliteStore(file);
  try {
    const [head] = await store.queueHeads();
    assert.equal(head?.alert.id, 'alert-1');
    assert.equal(head.heldReason, null);
    assert.deepEqual((await store.listDeliveries({ monitorId: 'a', limit: 10 })).map((d) => d.id), [head.id]);
    // Attempts made before the log existed are counted, not listed; the next one is numbered after them.
    await store.markDelivered(head.id, { at: T0 + 600, httpStatus: 200, durationMs: 4 });
    const done = await store.getDelivery(head.id);
    assert.equal(done?.attempts, 3);
    assert.deepEqual(done.attemptLog.map((a) => a.attempt), [3]);
  } finally {
    await store.close();
  }
});

test('a database from before migration 005 keeps its checks in the compact layout', async () => {
  const file = newFile();
  const old = new Kysely<any>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
  try {
    const { error } = await new Migrator({ db: old, provider: migrationProvider }).migrateTo('004-heartbeats-and-certificates');
    assert.equal(error, undefined);
    const m = aMonitor('a');
    await old.insertInto('monitors').values({ id: m.id, name: m.spec.name, source: m.source, paused: 0, spec: JSON.stringify(m.spec), created_at: T0, updated_at: T0 }).execute();
    const seq = (await old.selectFrom('monitors').select('seq').executeTakeFirstOrThrow()).seq;
    const v1 = { monitor_seq: seq, status: 200, dns_ms: 1.25, connect_ms: 2, tls_ms: 0, ttfb_ms: 30.04, total_ms: 33.33, response_request_id: null, retry_after_ms: null };
    await old
      .insertInto('checks')
      .values([
        { ...v1, at: T0, ok: 1, kind: null, phase: 'regular', transient: 0, request_id: 'r0', trace_id: 't0', error: null },
        { ...v1, at: T0 + 10, ok: 0, kind: 'http_500', status: 500, phase: 'confirm', transient: 1, request_id: 'r1', trace_id: 't1', error: 'HTTP 500', retry_after_ms: 2_000 },
        // The same millisecond twice: only a clock set back does it; the first row is kept.
        { ...v1, at: T0 + 10, ok: 1, kind: null, phase: 'regular', transient: 0, request_id: 'r2', trace_id: 't2', error: null },
      ])
      .execute();
  } finally {
    await old.destroy();
  }

  const store = await openSqliteStore(file);
  try {
    const [failed, ok] = await store.listChecks('a', { limit: 10 });
    assert.deepEqual(ok, {
      monitorId: 'a', at: T0, ok: true, kind: null, status: 200, phase: 'regular', transient: false, error: null,
      timings: { dns: 1.3, connect: 2, tls: 0, ttfb: 30, total: 33.3 }, requestId: '', traceId: '', responseRequestId: null,
    });
    assert.deepEqual(failed, {
      monitorId: 'a', at: T0 + 10, ok: false, kind: 'http_500', status: 500, phase: 'confirm', transient: true, error: 'HTTP 500', retryAfterMs: 2_000,
      timings: { dns: 1.3, connect: 2, tls: 0, ttfb: 30, total: 33.3 }, requestId: 'r1', traceId: 't1', responseRequestId: null,
    });
  } finally {
    await store.close();
  }
});

test('a file that is not a database fails to open with the cause', async () => {
  const file = newFile();
  writeFileSync(file, 'this is not a database, just some text that is long enough to have a header'.repeat(20));
  await assert.rejects(openSqliteStore(file), { code: 'SQLITE_NOTADB' });
});
