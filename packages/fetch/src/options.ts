import type { FetchClock } from './clock.js';

export interface RetryOptions {
  /** Retries after the first try; 0 turns retrying off. */
  attempts: number;
  /** The first wait; each later wait is `factor` times the one before. */
  baseDelayMs: number;
  factor: number;
  /** No single wait is longer, jitter included. */
  maxDelayMs: number;
  /**
   * A fraction such as 0.2 spreads each wait by ±20 %, so clients that failed together do not
   * retry together; `'full'` picks uniformly between 0 and the capped wait (AWS's "full jitter").
   */
  jitter: number | 'full';
  /** No retry starts later than this after the first try began. */
  budgetMs: number;
  /** The statuses worth another try: the transient 5xx and 429. */
  statuses: readonly number[];
}

export interface BreakerOptions {
  /** The circuit opens once this many failures fall within `windowMs`. */
  failureThreshold: number;
  windowMs: number;
  /** How long an open circuit fails fast before one probe call is let through. */
  halfOpenAfterMs: number;
  /** The statuses that count as the origin failing; 429 does not, as the origin answered. */
  statuses: readonly number[];
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerStateChange {
  origin: string;
  state: BreakerState;
}

export interface RetryEvent {
  url: string;
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  /** The status that caused the retry, or the error's code or name. */
  reason: number | string;
}

export interface CreateFetchOptions {
  retry?: Partial<RetryOptions> | false;
  /** Per attempt: the time allowed until the response headers arrive. */
  timeoutMs?: number;
  breaker?: Partial<BreakerOptions> | false;
  /** The fetch underneath; `globalThis.fetch` at call time by default. */
  fetch?: typeof globalThis.fetch;
  /** Called before each retry's wait: for logs and metrics. */
  onRetry?: (event: RetryEvent) => void;
  /** Called when an origin's circuit opens, half-opens or closes. */
  onBreakerStateChange?: (change: BreakerStateChange) => void;
  /** A number in [0, 1); Math.random by default. Seeded in tests. */
  random?: () => number;
  clock?: FetchClock;
}

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 3,
  baseDelayMs: 1000,
  factor: 2,
  maxDelayMs: 30_000,
  jitter: 0.2,
  budgetMs: 60_000,
  statuses: [500, 502, 503, 504, 429],
};

export const DEFAULT_TIMEOUT_MS = 10_000;

export const DEFAULT_BREAKER: BreakerOptions = {
  failureThreshold: 5,
  windowMs: 30_000,
  halfOpenAfterMs: 10_000,
  statuses: [500, 502, 503, 504],
};

/** Fills in defaults and refuses values that would make the client misbehave silently. */
export function resolveRetryOptions(input: Partial<RetryOptions> | false | undefined): RetryOptions {
  if (input === false) return { ...DEFAULT_RETRY, attempts: 0 };
  const options = { ...DEFAULT_RETRY, ...input };
  requireNonNegativeInteger('retry.attempts', options.attempts);
  requireNonNegative('retry.baseDelayMs', options.baseDelayMs);
  requireNonNegative('retry.maxDelayMs', options.maxDelayMs);
  requireNonNegative('retry.budgetMs', options.budgetMs);
  if (!(options.factor >= 1)) throw new RangeError(`retry.factor must be 1 or more, got ${options.factor}`);
  if (options.jitter !== 'full' && !(options.jitter >= 0 && options.jitter <= 1)) {
    throw new RangeError(`retry.jitter must be between 0 and 1, or 'full', got ${String(options.jitter)}`);
  }
  return options;
}

export function resolveBreakerOptions(input: Partial<BreakerOptions> | false | undefined): BreakerOptions | false {
  if (input === false) return false;
  const options = { ...DEFAULT_BREAKER, ...input };
  requireNonNegativeInteger('breaker.failureThreshold', options.failureThreshold);
  if (options.failureThreshold < 1) throw new RangeError('breaker.failureThreshold must be at least 1');
  requireNonNegative('breaker.windowMs', options.windowMs);
  requireNonNegative('breaker.halfOpenAfterMs', options.halfOpenAfterMs);
  return options;
}

export function resolveTimeoutMs(input: number | undefined): number {
  const timeoutMs = input ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be more than 0, got ${timeoutMs}`);
  return timeoutMs;
}

function requireNonNegative(field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`${field} must be a number of 0 or more, got ${value}`);
}

function requireNonNegativeInteger(field: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0)) throw new RangeError(`${field} must be a whole number of 0 or more, got ${value}`);
}
