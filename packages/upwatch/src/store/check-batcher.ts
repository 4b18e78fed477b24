import type { Clock, TimerHandle } from '../core/clock.js';
import type { Store, StoredCheck } from './store.js';

export interface CheckBatcherOptions {
  store: Pick<Store, 'insertChecks'>;
  clock: Clock;
  /** The longest a result waits in memory before it is written. */
  flushIntervalMs?: number;
  /** A batch this big is written at once, without waiting for the interval. */
  maxBatch?: number;
  /**
   * The most results held while writes fail. Past it the oldest are dropped (and reported): a
   * monitor that runs out of memory stops alerting, which is worse than losing old results.
   */
  maxQueued?: number;
  /** A write failed; its rows stay queued and are tried again. */
  onError: (err: unknown) => void;
}

/** Collects check results and writes them in batches: one transaction for many rows. */
export interface CheckBatcher {
  add(check: StoredCheck): void;
  /**
   * Writes every result queued so far. Calls are serialized and never write a row twice. It does
   * not reject: a failed write goes to onError and its rows stay queued for the next flush.
   */
  flush(): Promise<void>;
  /** A last flush, then no more timers. Adding after close throws. */
  close(): Promise<void>;
}

/** Retries after failed writes back off to this, so a full disk is reported a few times a minute, not 4 times a second. */
const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Batches check results for the store, so that 800 checks a second cost a few transactions, not 800.
 *
 * @example
 * const checks = createCheckBatcher({ store, clock: systemClock, onError: (err) => log.error({ err }) });
 * checks.add({ ...result, monitorId, phase: 'regular', transient: false });
 * await checks.close();
 */
export function createCheckBatcher(options: CheckBatcherOptions): CheckBatcher {
  const { store, clock, onError } = options;
  const intervalMs = options.flushIntervalMs ?? 250;
  const maxBatch = options.maxBatch ?? 1000;
  // About 100 MB of results: two minutes of 50,000 monitors at 60 s, hours of a small fleet.
  const maxQueued = options.maxQueued ?? 250_000;

  let queue: StoredCheck[] = [];
  let timer: TimerHandle | null = null;
  let failures = 0;
  let closed = false;
  /** The write in progress. */
  let writing: Promise<void> | null = null;
  /** The one write that follows it, shared by everyone who asked meanwhile. */
  let following: Promise<void> | null = null;

  function arm(delayMs: number): void {
    if (timer !== null) return;
    timer = clock.setTimer(() => {
      timer = null;
      void flush();
    }, delayMs);
  }

  function disarm(): void {
    if (timer === null) return;
    clock.clearTimer(timer);
    timer = null;
  }

  /** Writes the rows queued when it starts, in slices of maxBatch. */
  async function write(): Promise<void> {
    disarm();
    let remaining = queue.length;
    while (remaining > 0 && queue.length > 0) {
      const batch = queue.slice(0, Math.min(maxBatch, remaining));
      try {
        await store.insertChecks(batch);
      } catch (err) {
        failures++;
        onError(err);
        // Replaces a timer armed by rows added meanwhile: the backoff sets the pace now.
        disarm();
        arm(Math.min(intervalMs * 2 ** (failures - 1), MAX_RETRY_DELAY_MS));
        return;
      }
      // Removed only once written: a failure leaves the queue as it was, in order.
      queue = queue.slice(batch.length);
      remaining -= batch.length;
      failures = 0;
    }
    if (queue.length > 0 && !closed) arm(intervalMs);
  }

  function flush(): Promise<void> {
    if (writing === null) {
      writing = write().finally(() => {
        writing = null;
      });
      return writing;
    }
    following ??= writing.then(() => {
      following = null;
      return flush();
    });
    return following;
  }

  return {
    add(check) {
      if (closed) throw new Error('the check batcher is closed');
      queue.push(check);
      // Dropped only between writes: a write in progress holds a slice of the queue's head.
      if (queue.length > maxQueued && writing === null) {
        const dropped = queue.length - maxQueued + Math.ceil(maxQueued / 10);
        queue = queue.slice(dropped);
        onError(new Error(`storage keeps failing: dropped the ${dropped} oldest check results to bound memory`));
      }
      // While writes fail, the retry timer sets the pace, not every new row.
      if (queue.length >= maxBatch && failures === 0) void flush();
      else arm(intervalMs);
    },
    flush,
    async close() {
      closed = true;
      await flush();
      disarm();
      if (queue.length > 0) onError(new Error(`${queue.length} check results could not be written before closing and are lost`));
    },
  };
}
