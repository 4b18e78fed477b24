import type { Clock, TimerHandle } from '../core/clock.js';
import type { Delivery, Store } from '../store/store.js';
import type { Notifier } from './notifier.js';

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

const PENDING_SCAN = 500;
/** "Every pending delivery", due or not: the outbox needs the head of each queue to keep order. */
const ANY_TIME = Number.MAX_SAFE_INTEGER;

/**
 * Delivers alerts from the persisted outbox. An alert is written in the same transaction as the
 * state change that caused it, so it survives a crash or restart; it is marked delivered as soon as
 * the receiver answers 2xx, and never sent again after that. A failing receiver is retried with
 * exponential backoff (1 s, 2 s, 4 s … up to maxBackoffMs) until the retry budget runs out.
 *
 * Order: each notifier's alerts go out one at a time in the order they were made, so a receiver
 * never sees "up" before the "down" it resolves. Different notifiers do not wait for each other.
 */
export class Outbox {
  private timer: TimerHandle | null = null;
  /** When the earliest queue head is due again, as the last pass saw it. */
  private nextHeadAt: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly inFlight = new AbortController();
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
      .catch((err: unknown) => this.options.logger.error({ err }, 'outbox pass failed'))
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
    if (!this.running) return;
    const cancel = this.options.clock.setTimer(() => this.inFlight.abort(), graceMs);
    await this.running;
    this.options.clock.clearTimer(cancel);
  }

  /** Waits until nothing is being delivered right now (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async pass(): Promise<void> {
    const { store, clock } = this.options;
    const pending = await store.dueDeliveries(ANY_TIME, PENDING_SCAN);
    const queues = new Map<string, Delivery[]>();
    for (const d of pending) {
      const queue = queues.get(d.notifier) ?? [];
      queue.push(d);
      queues.set(d.notifier, queue);
    }
    // Each queue's head waits until it is due; what stays behind it waits for the head.
    const heads = await Promise.all(
      [...queues.values()].map(async (queue): Promise<number | null> => {
        for (const delivery of queue) {
          if (this.stopped) return null;
          if (delivery.nextAttemptAt > clock.now()) return delivery.nextAttemptAt;
          const next = await this.deliver(delivery);
          if (next !== null) return next;
        }
        return null;
      }),
    );
    const waiting = heads.filter((t): t is number => t !== null);
    this.nextHeadAt = waiting.length > 0 ? Math.min(...waiting) : null;
    // More pending than one scan reads: go on at once with the rest.
    if (pending.length === PENDING_SCAN) this.again = true;
  }

  /** One attempt; null when the queue may move on, else when this alert is due again. */
  private async deliver(delivery: Delivery): Promise<number | null> {
    const { store, clock, logger } = this.options;
    const notifier = this.options.notifiers().get(delivery.notifier);
    const context = { deliveryId: delivery.id, alertId: delivery.alert.id, notifier: delivery.notifier, event: delivery.alert.type };
    if (!notifier) {
      const error = `no notifier named "${delivery.notifier}" is configured any more`;
      await store.markGivenUp(delivery.id, { at: clock.now(), attempts: delivery.attempts, error, httpStatus: null });
      logger.warn(context, 'alert dropped: its notifier is no longer configured');
      return null;
    }
    const attempt = delivery.attempts + 1;
    const result = await notifier.send(delivery.alert, { deliveryId: delivery.id, attempt, signal: this.inFlight.signal });
    const now = clock.now();
    if (result.ok) {
      await store.markDelivered(delivery.id, now, result.httpStatus);
      logger.info({ ...context, attempt, httpStatus: result.httpStatus }, 'alert delivered');
      return null;
    }
    const outOfBudget = now - delivery.createdAt >= this.retryBudgetMs;
    if (!result.retryable || outOfBudget) {
      const why = result.retryable ? `gave up after ${attempt} attempts: ${result.error}` : result.error;
      await store.markGivenUp(delivery.id, { at: now, attempts: attempt, error: why, httpStatus: result.httpStatus });
      logger.error({ ...context, attempt, httpStatus: result.httpStatus, error: result.error }, 'alert could not be delivered');
      return null;
    }
    const nextAttemptAt = now + this.backoffMs(attempt, result.retryAfterMs);
    await store.markAttemptFailed(delivery.id, { attempts: attempt, nextAttemptAt, error: result.error, httpStatus: result.httpStatus });
    logger.warn({ ...context, attempt, httpStatus: result.httpStatus, error: result.error, retryInMs: nextAttemptAt - now }, 'alert delivery failed, will retry');
    return nextAttemptAt;
  }

  /** 1 s, 2 s, 4 s … with ±20 % spread, so receivers coming back are not hit in lockstep. */
  private backoffMs(attempt: number, retryAfterMs: number | undefined): number {
    const base = Math.min(1_000 * 2 ** (attempt - 1), this.maxBackoffMs);
    const spread = base * (0.8 + 0.4 * this.random());
    return Math.round(Math.min(Math.max(spread, retryAfterMs ?? 0), this.maxBackoffMs));
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
