import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { ManualClock, settle } from '../test-support/manual-clock.js';
import { createCheckBatcher, type CheckBatcherOptions } from './check-batcher.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';
import { aMonitor, anOkCheck, T0 } from './store-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'upwatch-batcher-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('check batcher', () => {
  let file: string;
  let store: Store;
  let clock: ManualClock;
  let errors: unknown[];
  let n = 0;

  beforeEach(async () => {
    file = join(dir, `batcher-${++n}.db`);
    store = await openSqliteStore(file);
    await store.insertMonitor(aMonitor('a'));
    clock = new ManualClock(T0);
    errors = [];
  });
  afterEach(() => store.close());

  const batcher = (options: Partial<CheckBatcherOptions> = {}) =>
    createCheckBatcher({ store, clock, flushIntervalMs: 250, maxBatch: 1000, onError: (err) => errors.push(err), ...options });
  const storedAts = async () => (await store.listChecks('a', { limit: 100_000 })).map((c) => c.at - T0).reverse();

  /** Makes every insert into `checks` fail for real, from a second connection, until the returned function is called. */
  function breakInserts(): () => void {
    const db = new SqliteDatabase(file);
    db.exec(`create trigger no_checks before insert on checks begin select raise(abort, 'disk on fire'); end`);
    return () => {
      db.exec('drop trigger no_checks');
      db.close();
    };
  }

  test('writes queued rows once the interval has passed since the first of them', async () => {
    const checks = batcher();
    checks.add(anOkCheck('a', T0));
    await clock.advance(100);
    checks.add(anOkCheck('a', T0 + 100));
    await clock.advance(149);
    assert.deepEqual(await storedAts(), []);
    await clock.advance(1);
    assert.deepEqual(await storedAts(), [0, 100]);
    assert.equal(clock.pendingTimers, 0);
    await checks.close();
  });

  test('writes at once when maxBatch rows are queued', async () => {
    const checks = batcher({ maxBatch: 3 });
    for (const at of [0, 1, 2]) checks.add(anOkCheck('a', T0 + at));
    await settle();
    assert.deepEqual(await storedAts(), [0, 1, 2]);
    assert.equal(clock.now(), T0);
    checks.add(anOkCheck('a', T0 + 3));
    await settle();
    assert.deepEqual(await storedAts(), [0, 1, 2], 'one row waits for the interval');
    await checks.close();
  });

  test('concurrent flushes each cover what was queued before them, and no row is written twice', async () => {
    const checks = batcher({ maxBatch: 2 });
    const flushes: Array<Promise<void>> = [];
    for (let at = 0; at < 50; at++) {
      checks.add(anOkCheck('a', T0 + at));
      if (at % 3 === 0) {
        const upTo = at;
        flushes.push(checks.flush().then(async () => assert.ok((await storedAts()).includes(upTo), `flush after row ${upTo}`)));
      }
    }
    await Promise.all(flushes);
    await checks.flush();
    assert.deepEqual(await storedAts(), Array.from({ length: 50 }, (_, i) => i));
    assert.deepEqual(errors, []);
    await checks.close();
  });

  test('a failed write keeps the rows, reports it, and retries with backoff until it succeeds', async () => {
    const checks = batcher();
    const repair = breakInserts();
    checks.add(anOkCheck('a', T0));
    checks.add(anOkCheck('a', T0 + 1));
    await checks.flush();
    assert.equal(errors.length, 1);
    assert.deepEqual(await storedAts(), []);

    await clock.advance(250);
    assert.equal(errors.length, 2, 'first retry after the interval');
    checks.add(anOkCheck('a', T0 + 2));
    await clock.advance(499);
    assert.equal(errors.length, 2, 'the next one waits twice as long');
    await clock.advance(1);
    assert.equal(errors.length, 3);

    repair();
    await clock.advance(1_000);
    assert.deepEqual(await storedAts(), [0, 1, 2]);
    assert.equal(errors.length, 3);
    assert.equal(clock.pendingTimers, 0);
    await checks.close();
  });

  test('while writes fail, memory is bounded: the oldest results are dropped and reported', async () => {
    const checks = batcher({ maxQueued: 100, maxBatch: 50 });
    const repair = breakInserts();
    for (let i = 0; i < 60; i++) checks.add(anOkCheck('a', T0 + i));
    await settle();
    assert.ok(errors.length >= 1, 'the writes failed');
    assert.ok(!errors.some((e) => /dropped/.test(String(e))), 'nothing dropped below the bound');
    for (let i = 60; i < 110; i++) checks.add(anOkCheck('a', T0 + i));
    assert.ok(errors.some((e) => /dropped the 11 oldest/.test(String(e))), errors.map(String).join('\n'));
    repair();
    await checks.close();
    const stored = await storedAts();
    assert.equal(stored.length, 99);
    assert.deepEqual([stored[0], stored.at(-1)], [11, 109], 'the newest are kept');
  });

  test('close writes what is left, stops the timer and refuses more rows', async () => {
    const checks = batcher();
    checks.add(anOkCheck('a', T0));
    assert.equal(clock.pendingTimers, 1);
    await checks.close();
    assert.deepEqual(await storedAts(), [0]);
    assert.equal(clock.pendingTimers, 0);
    assert.throws(() => checks.add(anOkCheck('a', T0 + 1)));
  });

  test('close reports the rows it could not write', async () => {
    const checks = batcher();
    const repair = breakInserts();
    checks.add(anOkCheck('a', T0));
    await checks.close();
    repair();
    assert.equal(errors.length, 2);
    assert.equal(clock.pendingTimers, 0);
    assert.deepEqual(await storedAts(), []);
  });
});
