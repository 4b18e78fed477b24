import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NextCheck } from '../core/detector.js';
import { ManualClock } from '../test-support/manual-clock.js';
import { nextSlotAfter, phaseOffsetMs } from './phase.js';
import { Scheduler, type RunPhase } from './scheduler.js';

interface Started {
  id: string;
  phase: RunPhase;
  plannedAt: number;
  startedAt: number;
}

function harness(run?: (id: string, phase: RunPhase) => Promise<NextCheck | null>) {
  const clock = new ManualClock();
  const started: Started[] = [];
  const scheduler = new Scheduler({
    clock,
    run: async (id, phase, plannedAt) => {
      started.push({ id, phase, plannedAt, startedAt: clock.now() });
      return run ? run(id, phase) : { type: 'regular' };
    },
  });
  return { clock, started, scheduler };
}

describe('phase', () => {
  test('is stable for an id and spread across the interval', () => {
    assert.equal(phaseOffsetMs('a', 60_000), phaseOffsetMs('a', 60_000));
    const offsets = new Set<number>();
    for (let i = 0; i < 1000; i++) offsets.add(Math.floor(phaseOffsetMs(`m${i}`, 60_000) / 1000));
    // 1000 monitors over 60 one-second buckets: nearly every second of the minute gets some.
    assert.ok(offsets.size >= 55, `only ${offsets.size} distinct seconds used`);
  });

  test('next slot is on the grid and strictly after', () => {
    assert.equal(nextSlotAfter(0, 1000, 250), 250);
    assert.equal(nextSlotAfter(250, 1000, 250), 1250);
    assert.equal(nextSlotAfter(1249, 1000, 250), 1250);
  });
});

describe('scheduler', () => {
  test('a thousand monitors do not fire in the same millisecond after start', async () => {
    const { clock, started, scheduler } = harness();
    for (let i = 0; i < 1000; i++) scheduler.upsert(`m${i}`, 60_000);
    scheduler.start();
    await clock.advance(60_000);
    assert.equal(started.length, 1000);
    const perSecond = new Map<number, number>();
    for (const s of started) perSecond.set(Math.floor(s.startedAt / 1000), (perSecond.get(Math.floor(s.startedAt / 1000)) ?? 0) + 1);
    assert.ok(Math.max(...perSecond.values()) < 60, `burst of ${Math.max(...perSecond.values())} in one second`);
    await scheduler.stop();
  });

  test('no drift over hours: every check starts on its grid slot', async () => {
    const { clock, started, scheduler } = harness();
    scheduler.upsert('steady', 5_000);
    scheduler.start();
    await clock.advance(3 * 3_600_000);
    const offset = phaseOffsetMs('steady', 5_000);
    assert.ok(started.length >= 2159 && started.length <= 2160, `${started.length} checks`);
    for (const s of started) {
      assert.equal((s.startedAt - offset) % 5_000, 0);
      assert.equal(s.startedAt, s.plannedAt);
    }
    await scheduler.stop();
  });

  test('never two checks of one monitor at once; a hanging one delays no other', async () => {
    const clock = new ManualClock();
    let running = 0;
    let maxRunning = 0;
    const starts: Record<string, number> = { hang: 0, fast: 0 };
    const scheduler = new Scheduler({
      clock,
      run: (id) => {
        starts[id] = (starts[id] ?? 0) + 1;
        if (id === 'fast') return Promise.resolve({ type: 'regular' });
        running++;
        maxRunning = Math.max(maxRunning, running);
        // Hangs for 25 s, five times its interval.
        return new Promise((resolve) => {
          clock.setTimer(() => {
            running--;
            resolve({ type: 'regular' });
          }, 25_000);
        });
      },
    });
    scheduler.upsert('hang', 5_000);
    scheduler.upsert('fast', 5_000);
    scheduler.start();
    await clock.advance(60_000);
    assert.equal(maxRunning, 1);
    assert.equal(starts.fast, 12);
    assert.ok(starts.hang! <= 3, `hang started ${starts.hang} times`);
    assert.ok(scheduler.getStats().skippedSlots >= 8);
    const stopped = scheduler.stop();
    await clock.advance(25_000);
    await stopped;
  });

  test('a confirmation re-check runs after its delay, then the grid resumes', async () => {
    const plan: NextCheck[] = [{ type: 'confirm', delayMs: 1_000 }, { type: 'confirm', delayMs: 2_000 }];
    const { clock, started, scheduler } = harness(async () => plan.shift() ?? { type: 'regular' });
    scheduler.upsert('m', 60_000);
    scheduler.start();
    await clock.advance(180_000);
    const [first, c1, c2, next] = started as [Started, Started, Started, Started];
    assert.equal(c1.phase, 'confirm');
    assert.equal(c1.startedAt - first.startedAt, 1_000);
    assert.equal(c2.startedAt - c1.startedAt, 2_000);
    assert.equal(next.phase, 'regular');
    assert.equal(next.startedAt - first.startedAt, 60_000);
    await scheduler.stop();
  });

  test('removed monitors stop; a new monitor can be checked at once', async () => {
    const { clock, started, scheduler } = harness();
    scheduler.upsert('gone', 1_000);
    scheduler.start();
    await clock.advance(3_000);
    const before = started.length;
    scheduler.remove('gone');
    scheduler.upsert('new', 60_000, clock.now());
    await clock.advance(0);
    await clock.advance(10_000);
    assert.equal(started.filter((s) => s.id === 'gone').length, before);
    assert.equal(started.filter((s) => s.id === 'new').length, 1);
    await scheduler.stop();
  });

  test('stop waits for running checks and starts no new one', async () => {
    const { clock, started, scheduler } = harness();
    scheduler.upsert('m', 1_000);
    scheduler.start();
    await clock.advance(2_000);
    await scheduler.stop();
    const n = started.length;
    await clock.advance(10_000);
    assert.equal(started.length, n);
  });
});

describe('scheduler under change', () => {
  test('removing and re-adding a monitor while its check runs never overlaps two checks', async () => {
    const clock = new ManualClock();
    let running = 0;
    let maxRunning = 0;
    let starts = 0;
    const scheduler = new Scheduler({
      clock,
      run: () => {
        starts++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        return new Promise((resolve) => {
          clock.setTimer(() => {
            running--;
            resolve({ type: 'regular' });
          }, 1_500);
        });
      },
    });
    scheduler.upsert('m', 5_000, clock.now());
    scheduler.start();
    await clock.advance(500);
    assert.equal(running, 1);
    // Paused and resumed (checked at once when resumed) in the middle of the check.
    scheduler.remove('m');
    scheduler.upsert('m', 5_000, clock.now());
    await clock.advance(20_000);
    assert.equal(maxRunning, 1);
    assert.ok(starts >= 4, `${starts} checks`);
    const stopped = scheduler.stop();
    await clock.advance(2_000);
    await stopped;
  });

  test('a new interval does not postpone a pending confirmation re-check', async () => {
    const plan: NextCheck[] = [{ type: 'confirm', delayMs: 4_000 }];
    const { clock, started, scheduler } = harness(async () => plan.shift() ?? { type: 'regular' });
    scheduler.upsert('m', 30_000, clock.now());
    scheduler.start();
    await clock.advance(0);
    const first = started[0]!;
    assert.equal(started.length, 1);
    scheduler.upsert('m', 3_600_000);
    await clock.advance(5_000);
    assert.equal(started[1]?.phase, 'confirm');
    assert.equal(started[1]!.startedAt - first.startedAt, 4_000);
    await scheduler.stop();
  });
});
