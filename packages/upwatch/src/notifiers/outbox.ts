import type { Clock, TimerHandle } from '../core/clock.js';
import type { Delivery, Store } from '../store/store.js';
import type { Notifier, SendResult } from './notifier.js';
import { outboxBackoffMs } from './outbox-backoff.js';

export interface OutboxLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OutboxOptions {
  store: Store;
  clock: Clock;
  /** The notifiers as configured now: a reload can add, change or remove them between deliveries. */
  notifiers: () => ReadonlyMap<string, Notifier>;
  logger: OutboxLogger;
  /** How long a failing alert is retried before it is given up. */
  retryBudgetMs?: number;
  /** The longest wait between two attempts. */
  maxBackoffMs?: number;
  random?: () => number;
}


/**
 * Delivers alerts from the persisted outbox. An alert is written in the same transaction as the
 * state change that caused it, so it survives a crash or restart; it is marked delivered as soon as
 * the receiver answers 2xx, and never sent again after that. A failing receiver is retried with
 * exponential backoff and full jitter (up to 1 s, 2 s, 4 s … maxBackoffMs) until the retry budget
 * runs out.
 *
 * Order: each notifier's alerts go out one at a time in the order they were made, so a receiver
 * never sees "up" before the "down" it resolves. Different notifiers do not wait for each other:
 * each is a lane of its own, and a slow or dead channel holds up only its own alerts.
 */
export class Outbox {
  private timer: TimerHandle | null = null;
  /** When the earliest queue head is due again, as the last pass saw it. */
  private nextHeadAt: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly inFlight = new AbortController();
  /** The delivery each notifier is sending now: at most one per notifier, so its alerts stay in order. */
  private readonly lanes = new Map<string, Promise<void>>();
  /**
   * Outcomes the store could not record, by delivery: the next attempt records them again rather
   * than sending again, since a receiver that already has the alert must not get it twice.
   */
  private readonly unrecorded = new Map<number, { record: () => Promise<void>; retryAt: number; failures: number }>();
  /** Lanes finished so far: a pass whose read of the queue heads raced one reads again. */
  private finishedLanes = 0;
  private readonly retryBudgetMs: number;
  private readonly maxBackoffMs: number;
  private readonly random: () => number;

  constructor(private readonly options: OutboxOptions) {
    this.retryBudgetMs = options.retryBudgetMs ?? 24 * 3_600_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
    this.random = options.random ?? Math.random;
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Looks for work now: called when the engine has queued alerts. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((err: unknown) => {
        // The store could not be read: look again shortly, or pending alerts would wait for the next one.
        this.nextHeadAt = this.options.clock.now() + 5_000;
        this.options.logger.error({ err }, 'outbox pass failed; retrying in 5 s');
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.armForNext();
        }
      });
  }

  /** Lets deliveries in progress finish (or cancels them after `graceMs`), then stops. */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopped = true;
    if (this.timer) this.options.clock.clearTimer(this.timer);
    this.timer = null;
    if (!this.running && this.lanes.size === 0) return;
    const cancel = this.options.clock.setTimer(() => this.inFlight.abort(), graceMs);
    await this.idle();
    this.options.clock.clearTimer(cancel);
  }

  /** Waits until nothing is being delivered right now (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.lanes.size > 0) {
      await this.running;
      await Promise.all(this.lanes.values());
      // A finished lane wakes the outbox for its next head: let that pass start before looking again.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Starts every due queue head whose notifier is not already sending, and returns without
   * waiting for them: each notifier is a lane of its own, so one that hangs or fails for minutes
   * never delays another's alerts. A lane that finishes wakes the outbox for its next head.
   */
  private async pass(): Promise<void> {
    const { store, clock } = this.options;
    let heads: Delivery[];
    let finished: number;
    do {
      // A lane that finished while the heads were read may have recorded one of them since: with
      // a store that does real I/O that head would be sent twice, so such a read is repeated.
      finished = this.finishedLanes;
      heads = await store.queueHeads();
    } while (finished !== this.finishedLanes);
    const now = clock.now();
    const heldBack = (d: Delivery) => (this.unrecorded.get(d.id)?.retryAt ?? 0) > now;
    const due = heads.filter((d) => d.nextAttemptAt <= now && !heldBack(d) && !this.lanes.has(d.notifier));
    const waiting = heads
      .filter((d) => !due.includes(d) && !this.lanes.has(d.notifier))
      .map((d) => Math.max(d.nextAttemptAt, this.unrecorded.get(d.id)?.retryAt ?? 0));
    this.nextHeadAt = waiting.length > 0 ? Math.min(...waiting) : null;
    if (this.stopped) return;
    for (const delivery of due) {
      const lane = this.deliver(delivery)
        .catch((err: unknown) => {
          // Recording again backs off like a send, so a store that cannot write costs little.
          const entry = this.unrecorded.get(delivery.id);
          if (entry) {
            entry.failures++;
            entry.retryAt = clock.now() + outboxBackoffMs(entry.failures, undefined, this.random, this.maxBackoffMs);
          }
          this.options.logger.error({ err, deliveryId: delivery.id }, 'recording an alert delivery failed; recording it will be tried again, not the send');
        })
        .finally(() => {
          this.lanes.delete(delivery.notifier);
          this.finishedLanes++;
          this.wake();
        });
      this.lanes.set(delivery.notifier, lane);
    }
  }

  /** One attempt, recorded in the store; or, if its outcome could not be recorded, recording it again. */
  private async deliver(delivery: Delivery): Promise<void> {
    const unrecorded = this.unrecorded.get(delivery.id);
    if (unrecorded) {
      await unrecorded.record();
      this.unrecorded.delete(delivery.id);
      return;
    }
    const { store, clock, logger } = this.options;
    const notifier = this.options.notifiers().get(delivery.notifier);
    const context = { deliveryId: delivery.id, alertId: delivery.alert.id, notifier: delivery.notifier, event: delivery.alert.type };
    if (!notifier) {
      const error = `no notifier named "${delivery.notifier}" is configured any more`;
      // No send, so no duration: the store records no attempt for it.
      await store.markGivenUp(delivery.id, { at: clock.now(), attempts: delivery.attempts, error, httpStatus: null, durationMs: null });
      logger.warn(context, 'alert dropped: its notifier is no longer configured');
      return;
    }
    const attempt = delivery.attempts + 1;
    const sentAt = clock.now();
    // A signal of its own per send, following the shutdown's: listeners never pile up on the
    // long-lived one, however many alerts go out.
    const send = new AbortController();
    const onShutdown = () => send.abort(this.inFlight.signal.reason);
    if (this.inFlight.signal.aborted) onShutdown();
    else this.inFlight.signal.addEventListener('abort', onShutdown, { once: true });
    let result: SendResult;
    try {
      result = await notifier.send(delivery.alert, { deliveryId: delivery.id, attempt, signal: send.signal });
    } finally {
      this.inFlight.signal.removeEventListener('abort', onShutdown);
    }
    const now = clock.now();
    // Wall-clock time may step back during a send; a duration is never negative.
    const durationMs = Math.max(0, now - sentAt);
    const keep = async (record: () => Promise<void>) => {
      try {
        await record();
      } catch (err) {
        this.unrecorded.set(delivery.id, { record, retryAt: clock.now() + outboxBackoffMs(1, undefined, this.random, this.maxBackoffMs), failures: 1 });
        throw err;
      }
    };
    if (result.ok) {
      await keep(() => store.markDelivered(delivery.id, { at: now, httpStatus: result.httpStatus, durationMs }));
      logger.info({ ...context, attempt, httpStatus: result.httpStatus }, 'alert delivered');
      return;
    }
    const outOfBudget = now - delivery.createdAt >= this.retryBudgetMs;
    if (!result.retryable || outOfBudget) {
      const why = result.retryable ? `gave up after ${attempt} attempts: ${result.error}` : result.error;
      await keep(() => store.markGivenUp(delivery.id, { at: now, attempts: attempt, error: why, httpStatus: result.httpStatus, durationMs }));
      logger.error({ ...context, attempt, httpStatus: result.httpStatus, error: result.error }, 'alert could not be delivered');
      return;
    }
    const nextAttemptAt = now + outboxBackoffMs(attempt, result.retryAfterMs, this.random, this.maxBackoffMs);
    await keep(() => store.markAttemptFailed(delivery.id, { at: now, attempts: attempt, nextAttemptAt, error: result.error, httpStatus: result.httpStatus, durationMs }));
    logger.warn({ ...context, attempt, httpStatus: result.httpStatus, error: result.error, retryInMs: nextAttemptAt - now }, 'alert delivery failed, will retry');
  }

  private armForNext(): void {
    if (this.timer) this.options.clock.clearTimer(this.timer);
    this.timer = null;
    if (this.stopped || this.nextHeadAt === null) return;
    this.timer = this.options.clock.setTimer(() => {
      this.timer = null;
      this.wake();
    }, this.nextHeadAt - this.options.clock.now());
  }
}
