import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { aFailedCheck, aMonitor, anOkCheck, T0 } from '../store/store-fixtures.js';
import type { Store, StoredCheck } from '../store/store.js';
import { ManualClock, settle } from '../test-support/manual-clock.js';
import { createHistoryJob, type HistoryJobOptions } from './history-job.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A check every minute of [from, to) for each monitor; every tenth one failed. */
function everyMinute(monitorIds: string[], from: number, to: number): StoredCheck[] {
  const checks: StoredCheck[] = [];
  for (let at = from; at < to; at += MINUTE) {
    for (const id of monitorIds) checks.push(((at - from) / MINUTE) % 10 === 9 ? aFailedCheck(id, at) : anOkCheck(id, at));
  }
  return checks;
}

async function withStore(monitorIds: string[], fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await openSqliteStore(':memory:');
  try {
    for (const id of monitorIds) await store.insertMonitor(aMonitor(id));
    await fn(store);
  } finally {
    await store.close();
  }
}

function job(store: Store, clock: ManualClock, overrides: Partial<HistoryJobOptions> = {}) {
  const errors: unknown[] = [];
  const history = createHistoryJob({ store, clock, retention: { checksMs: 30 * DAY }, onError: (err) => errors.push(err), ...overrides });
  return { history, errors };
}

/** Passes until one is not behind; how many it took. */
async function catchUp(history: ReturnType<typeof job>['history']): Promise<number> {
  for (let passes = 1; passes < 1_000; passes++) if (!(await history.runPass()).behind) return passes;
  throw new Error('never caught up');
}

describe('history job', () => {
  test('does nothing before the first check, then starts at it: no buckets before it, minutes once 5 minutes old', () =>
    withStore(['a'], async (store) => {
      const clock = new ManualClock(T0 + 2 * HOUR);
      const { history, errors } = job(store, clock);
      assert.deepEqual(await history.runPass(), { rolledUp: 0, pruned: 0, behind: false });
      assert.deepEqual(await store.rollupMarks(), { minute: null, hour: null, day: null });

      await store.insertChecks(everyMinute(['a'], T0 + 30 * MINUTE + 7, T0 + 2 * HOUR));
      await history.runPass();
      assert.deepEqual(await store.rollupMarks(), { minute: T0 + 115 * MINUTE, hour: T0 + HOUR, day: T0 });
      const minutes = await store.listRollups('a', { period: 'minute', from: 0, to: T0 + DAY });
      assert.equal(minutes[0]?.bucket, T0 + 30 * MINUTE);
      assert.equal(minutes.at(-1)?.bucket, T0 + 114 * MINUTE);
      assert.equal(minutes.length, 85);
      const hours = await store.listRollups('a', { period: 'hour', from: 0, to: T0 + DAY });
      assert.deepEqual(hours.map((h) => [h.bucket, h.checks, h.failures]), [[T0, 30, 3]]);
      assert.deepEqual(errors, []);
    }));

  test('catches a backlog up over several bounded passes, to the same rollups one unbounded pass makes', async () => {
    const now = T0 + 2 * DAY + 3 * HOUR + 10 * MINUTE;
    const checks = everyMinute(['a', 'b', 'c'], T0, now - MINUTE);
    const rollupsAfter = async (limits: { keysPerStatement: number; rollupStatements: number }) => {
      let result: { passes: number; hours: unknown; days: unknown; bars: unknown } | undefined;
      await withStore(['a', 'b', 'c'], async (store) => {
        await store.insertChecks(checks);
        const { history } = job(store, new ManualClock(now), { limits });
        const passes = await catchUp(history);
        const read = (period: 'hour' | 'day') => Promise.all(['a', 'b', 'c'].map((id) => store.listRollups(id, { period, from: 0, to: now })));
        const bars = await store.dailyBars(['a', 'b', 'c'], 3, now);
        result = { passes, hours: await read('hour'), days: await read('day'), bars: [...bars.monitors] };
      });
      assert.ok(result);
      return result;
    };
    const bounded = await rollupsAfter({ keysPerStatement: 2, rollupStatements: 10 });
    const unbounded = await rollupsAfter({ keysPerStatement: 1_000, rollupStatements: 1_000_000 });
    assert.ok(bounded.passes > 5, `${bounded.passes} passes`);
    assert.equal(unbounded.passes, 1);
    assert.deepEqual(bounded.hours, unbounded.hours);
    assert.deepEqual(bounded.days, unbounded.days);
    assert.deepEqual(bounded.bars, unbounded.bars);
    // The status page's bars: two whole days, and today's 189 checks (to the minute mark, 3 h 5 min,
    // from the packed bars; the last minutes from the checks themselves).
    const aBars = new Map(unbounded.bars as Array<[string, { checks: number[]; failures: number[] }]>).get('a');
    assert.ok(aBars);
    assert.deepEqual(aBars.checks, [1_440, 1_440, 189]);
    assert.deepEqual(aBars.failures, [144, 144, 18]);
    const [aHours] = unbounded.hours as Array<Array<{ checks: number; failures: number }>>;
    assert.equal(aHours?.length, 2 * 24 + 3);
    assert.ok(aHours.every((h) => h.checks === 60 && h.failures === 6));
    assert.equal((unbounded.days as unknown[][])[0]?.length, 2);
  });

  test('drops checks past retention and rollups past theirs, but never what is not rolled up yet', () =>
    withStore(['a'], async (store) => {
      const now = T0 + 4 * DAY;
      await store.insertChecks(everyMinute(['a'], T0, now - 10 * MINUTE));
      const clock = new ManualClock(now);
      // One span a pass: the minute mark is far behind after the first.
      const { history } = job(store, clock, { retention: { checksMs: DAY }, limits: { rollupStatements: 0 } });
      await history.runPass();
      const marks = await store.rollupMarks();
      assert.equal(marks.minute, T0 + 10 * MINUTE);
      assert.equal((await store.listChecks('a', { limit: 1, since: 0 }))[0]?.at, now - 11 * MINUTE);
      const oldest = async () => (await store.listChecks('a', { limit: 100_000 })).at(-1)?.at;
      assert.equal(await oldest(), T0 + 10 * MINUTE, 'only what is rolled up is gone');

      // Unbounded now, and told the retention anew, as a config reload does.
      const { history: full } = job(store, clock, { limits: { rollupStatements: 1_000_000 } });
      full.setRetention({ checksMs: DAY });
      await catchUp(full);
      assert.equal(await oldest(), now - DAY);
      const oldestRollup = async (period: 'minute' | 'hour' | 'day') => (await store.listRollups('a', { period, from: 0, to: now }))[0]?.bucket;
      assert.equal(await oldestRollup('minute'), now - 2 * DAY);
      assert.equal(await oldestRollup('hour'), T0);
      assert.equal(await oldestRollup('day'), T0);
    }));

  test('yields between statements, so other work (the check batcher) runs during a pass', () =>
    withStore(['a', 'b', 'c', 'd'], async (store) => {
      await store.insertChecks(everyMinute(['a', 'b', 'c', 'd'], T0, T0 + HOUR));
      const log: string[] = [];
      const logged: Store = Object.create(store, {
        rollUp: { value: (...args: Parameters<Store['rollUp']>) => (log.push('statement'), store.rollUp(...args)) },
        packDailyBars: { value: (...args: Parameters<Store['packDailyBars']>) => (log.push('statement'), store.packDailyBars(...args)) },
      });
      const { history } = job(logged, new ManualClock(T0 + 2 * HOUR), { limits: { keysPerStatement: 1 } });
      let ticking = true;
      const tick = () => {
        log.push('other');
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      await history.runPass();
      ticking = false;
      const statements = log.filter((entry) => entry === 'statement').length;
      assert.ok(statements > 8, `${statements} statements`);
      // Between any two statements, the other work had a turn.
      assert.ok(!log.join(' ').includes('statement statement'), log.join(' '));
    }));

  test('runs every minute on its clock; stop waits for the pass in progress, then no more run', () =>
    withStore(['a'], async (store) => {
      await store.insertChecks(everyMinute(['a'], T0, T0 + HOUR));
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let calls = 0;
      const gated: Store = Object.create(store, {
        rollUp: {
          value: async (...args: Parameters<Store['rollUp']>) => {
            calls++;
            await gate;
            return store.rollUp(...args);
          },
        },
      });
      const clock = new ManualClock(T0 + 2 * HOUR);
      const { history, errors } = job(gated, clock);
      history.start();
      await clock.advance(59_000);
      assert.equal(calls, 0, 'the first pass comes a minute after start');
      await clock.advance(1_000);
      assert.equal(calls, 1);

      let stopped = false;
      const stopping = history.stop().then(() => (stopped = true));
      await settle();
      assert.equal(stopped, false, 'stop waits for the statement in progress');
      release();
      await stopping;
      assert.equal(clock.pendingTimers, 0);
      await clock.advance(10 * MINUTE);
      assert.equal(calls, 1, 'no pass after stop');
      // The pass ended at its next statement: the minute mark did not move past the first span.
      assert.equal((await store.rollupMarks()).minute, T0);
      assert.deepEqual(errors, []);
    }));

  test('a failing pass is reported, and the next one runs', () =>
    withStore(['a'], async (store) => {
      await store.insertChecks(everyMinute(['a'], T0, T0 + HOUR));
      let failures = 1;
      const flaky: Store = Object.create(store, {
        rollUp: { value: (...args: Parameters<Store['rollUp']>) => (failures-- > 0 ? Promise.reject(new Error('SQLITE_FULL: database or disk is full')) : store.rollUp(...args)) },
      });
      const clock = new ManualClock(T0 + 2 * HOUR);
      const { history, errors } = job(flaky, clock);
      history.start();
      await clock.advance(MINUTE);
      await history.runPass();
      assert.equal(errors.length, 1);
      assert.match(String(errors[0]), /SQLITE_FULL/);
      assert.equal((await store.rollupMarks()).hour, T0 + HOUR);
      await history.stop();
    }));
});
