import type { Clock, TimerHandle } from '../core/clock.js';
import type { NextCheck } from '../core/detector.js';
import { MinHeap } from './min-heap.js';
import { nextSlotAfter, phaseOffsetMs } from './phase.js';

export type RunPhase = 'regular' | 'confirm';

/** Runs one check of a monitor and says when the next one is due; null stops scheduling it. */
export type RunCheck = (monitorId: string, phase: RunPhase, plannedAt: number) => Promise<NextCheck | null>;

export interface SchedulerStats {
  started: number;
  /** Regular slots passed over because the monitor's previous check was still running. */
  skippedSlots: number;
  running: number;
  monitors: number;
}

interface Entry {
  id: string;
  intervalMs: number;
  offsetMs: number;
  /** Bumped on every reschedule: heap items of an older generation are stale and ignored. */
  generation: number;
  /** The phase of the slot waiting in the heap, if any. */
  pending: RunPhase | null;
  running: Promise<void> | null;
  removed: boolean;
}

interface Slot {
  at: number;
  entry: Entry;
  generation: number;
  phase: RunPhase;
}

/**
 * When each monitor runs. One heap of due times and one timer armed for the earliest, whatever the
 * number of monitors. A monitor is rescheduled only when its check has finished, so two checks of
 * one monitor never overlap; checks run concurrently, so a hanging target delays nobody else.
 */
export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  /** Checks still running, by monitor, even for entries removed meanwhile (a pause, say). */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly heap = new MinHeap<Slot>((a, b) => a.at < b.at);
  private timer: TimerHandle | null = null;
  private timerAt = Infinity;
  private stopped = true;
  private readonly stats = { started: 0, skippedSlots: 0 };

  constructor(
    private readonly deps: { clock: Clock; run: RunCheck; onError?: (monitorId: string, err: unknown) => void },
  ) {}

  start(): void {
    this.stopped = false;
    this.arm();
  }

  /**
   * Adds a monitor or changes its interval. `firstRunAt` overrides the phase slot for its first
   * check (a monitor created by hand is checked at once, not up to an interval later).
   */
  upsert(monitorId: string, intervalMs: number, firstRunAt?: number): void {
    let entry = this.entries.get(monitorId);
    if (entry && entry.intervalMs === intervalMs && firstRunAt === undefined) return;
    if (!entry) {
      entry = { id: monitorId, intervalMs, offsetMs: 0, generation: 0, pending: null, running: null, removed: false };
      this.entries.set(monitorId, entry);
    }
    entry.intervalMs = intervalMs;
    entry.offsetMs = phaseOffsetMs(monitorId, intervalMs);
    // A running check reschedules itself when it ends, with the new interval; a confirmation
    // re-check keeps its time, or a changed interval would postpone a down alert.
    if (entry.running || entry.pending === 'confirm') return;
    const previous = this.inFlight.get(monitorId);
    if (previous) {
      // A check of this monitor from before it was removed (paused) is still running: wait for
      // it, so that two checks of one monitor never overlap.
      const waiting: Entry = entry;
      waiting.running = previous.then(() => {
        waiting.running = null;
        if (!waiting.removed && !this.stopped) this.scheduleFirst(waiting, firstRunAt);
      });
      return;
    }
    this.scheduleFirst(entry, firstRunAt);
  }

  private scheduleFirst(entry: Entry, firstRunAt: number | undefined): void {
    const now = this.deps.clock.now();
    this.schedule(entry, firstRunAt ?? nextSlotAfter(now - 1, entry.intervalMs, entry.offsetMs), 'regular');
  }

  remove(monitorId: string): void {
    const entry = this.entries.get(monitorId);
    if (!entry) return;
    entry.removed = true;
    entry.generation++;
    this.entries.delete(monitorId);
  }

  has(monitorId: string): boolean {
    return this.entries.has(monitorId);
  }

  getStats(): SchedulerStats {
    let running = 0;
    for (const e of this.entries.values()) if (e.running) running++;
    return { ...this.stats, running, monitors: this.entries.size };
  }

  /** Stops starting checks and waits for the running ones (the caller aborts them if it will not wait). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.deps.clock.clearTimer(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    await Promise.all([...this.entries.values()].map((e) => e.running).concat([...this.inFlight.values()]));
  }

  private schedule(entry: Entry, at: number, phase: RunPhase): void {
    entry.generation++;
    entry.pending = phase;
    this.heap.push({ at, entry, generation: entry.generation, phase });
    if (at < this.timerAt) this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    // Drop stale slots at the top so the timer is not armed for a monitor that was moved or removed.
    let top = this.heap.peek();
    while (top && top.generation !== top.entry.generation) {
      this.heap.pop();
      top = this.heap.peek();
    }
    if (this.timer) this.deps.clock.clearTimer(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    if (!top) return;
    this.timerAt = top.at;
    this.timer = this.deps.clock.setTimer(() => this.fire(), top.at - this.deps.clock.now());
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = Infinity;
    if (this.stopped) return;
    const now = this.deps.clock.now();
    for (let top = this.heap.peek(); top && top.at <= now; top = this.heap.peek()) {
      this.heap.pop();
      if (top.generation !== top.entry.generation || top.entry.removed) continue;
      this.launch(top);
    }
    this.arm();
  }

  private launch(slot: Slot): void {
    const { entry } = slot;
    entry.pending = null;
    this.stats.started++;
    const run = this.deps
      .run(entry.id, slot.phase, slot.at)
      .catch((err: unknown) => {
        this.deps.onError?.(entry.id, err);
        return { type: 'regular' } as NextCheck;
      })
      .then((next) => {
        entry.running = null;
        if (entry.removed || this.stopped || next === null) return;
        const now = this.deps.clock.now();
        if (next.type === 'confirm') {
          this.schedule(entry, now + next.delayMs, 'confirm');
          return;
        }
        // The next grid slot after this one; slots that passed while the check ran are skipped.
        const base = slot.phase === 'regular' ? Math.max(slot.at, now - 1) : now - 1;
        const at = nextSlotAfter(base, entry.intervalMs, entry.offsetMs);
        if (slot.phase === 'regular') {
          const skipped = Math.floor((at - slot.at) / entry.intervalMs) - 1;
          if (skipped > 0) this.stats.skippedSlots += skipped;
        }
        this.schedule(entry, at, 'regular');
      });
    entry.running = run;
    this.inFlight.set(entry.id, run);
    void run.then(() => {
      if (this.inFlight.get(entry.id) === run) this.inFlight.delete(entry.id);
    });
  }
}
