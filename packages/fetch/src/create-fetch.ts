import { breakerLayer } from './breaker/breaker-layer.js';
import { systemClock } from './clock.js';
import type { FetchLayer, FetchStep } from './fetch-layer.js';
import {
  resolveBreakerOptions,
  resolveRetryOptions,
  resolveTimeoutMs,
  type BreakerState,
  type CreateFetchOptions,
} from './options.js';
import { retryLayer } from './retry/retry-layer.js';
import { timeoutLayer } from './timeout/timeout-layer.js';

/** A drop-in `fetch`, plus a look at each origin's circuit for health pages and metrics. */
export type ResilientFetch = typeof globalThis.fetch & {
  /** The circuit's state for the origin of this URL: 'closed' for an origin never called. */
  breakerState(url: string | URL): BreakerState;
};

/**
 * Returns a `fetch` that retries network errors, 500, 502, 503, 504 and 429 with exponential
 * backoff (1 s, 2 s, 4 s … ±20 %), honours Retry-After, retries only what is safe to repeat, gives
 * each attempt a timeout, and fails fast through a per-origin circuit breaker.
 *
 * @example
 * const fetch = createFetch({ retry: { attempts: 3 }, timeoutMs: 5_000 });
 * const response = await fetch('https://api.example.com/users/1');
 */
export function createFetch(options: CreateFetchOptions = {}): ResilientFetch {
  const retry = resolveRetryOptions(options.retry);
  const timeoutMs = resolveTimeoutMs(options.timeoutMs);
  const breakerOptions = resolveBreakerOptions(options.breaker);
  const clock = options.clock ?? systemClock;

  // Read at call time, so a fetch patched after this client was made (by a test or an APM agent)
  // is the one used.
  const send: FetchStep = (request, context) => (options.fetch ?? globalThis.fetch)(request, { signal: context.attemptSignal ?? context.callerSignal });
  const breaker = breakerOptions
    ? breakerLayer({ options: breakerOptions, now: clock.now, onStateChange: options.onBreakerStateChange })
    : undefined;
  const perAttempt: FetchLayer[] = [...(breaker ? [breaker.layer] : []), timeoutLayer(timeoutMs)];
  const once = compose(perAttempt, send);
  const retried = compose([retryLayer({ options: retry, clock, random: options.random ?? Math.random, onRetry: options.onRetry }), ...perAttempt], send);

  const resilientFetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    // A streamed body can be read only once; replaying it would mean holding all of it in memory.
    const step = init?.body instanceof ReadableStream ? once : retried;
    // The caller's own signal object, held by the caller, rather than the copy inside `request`.
    const callerSignal = init?.signal ?? (input instanceof Request ? input.signal : null) ?? NEVER_ABORTED;
    return step(request, { callerSignal });
  }) as ResilientFetch;
  resilientFetch.breakerState = (url) => (breaker ? breaker.stateOf(String(url)) : 'closed');
  return resilientFetch;
}

const NEVER_ABORTED = new AbortController().signal;

function compose(layers: FetchLayer[], innermost: FetchStep): FetchStep {
  return layers.reduceRight<FetchStep>((next, layer) => layer(next), innermost);
}
