import type { FetchClock } from '../clock.js';
import { AttemptTimeoutError } from '../errors.js';
import type { CallContext, FetchLayer } from '../fetch-layer.js';
import type { RetryEvent, RetryOptions } from '../options.js';
import { backoffDelay } from './backoff.js';
import { requestIsRetryable } from './request-is-retryable.js';
import { retryAfterMs } from './retry-after.js';

export interface RetryLayerDeps {
  options: RetryOptions;
  clock: FetchClock;
  random: () => number;
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

type Outcome = { response: Response } | { error: unknown };

/**
 * Retries transient failures with exponential backoff. The loop is ours rather than cockatiel's
 * retry policy because cockatiel 3's wait cannot be cut short: a caller who aborts during a 30 s
 * wait would hold the event loop for the rest of it. What a retry may cost is bounded three ways:
 * `attempts`, the cap on each wait, and the total `budgetMs`.
 */
export function retryLayer(deps: RetryLayerDeps): FetchLayer {
  const { options, clock, random, onRetry } = deps;
  return (next) => async (request, context) => {
    if (options.attempts === 0 || !requestIsRetryable(request)) return next(request, context);
    const startedAt = clock.now();
    for (let retry = 1; ; retry++) {
      // Each attempt gets a copy, because sending a request consumes its body.
      const outcome = await attempt(() => next(request.clone(), context));
      const reason = retryReason(outcome, options, context);
      if (reason === undefined || retry > options.attempts) return settle(outcome);

      const asked = 'response' in outcome ? retryAfterMs(outcome.response.headers.get('retry-after'), clock.now()) : undefined;
      // A server that asks for a longer wait than we allow gets its answer passed on, not a retry
      // sooner than it asked for.
      if (asked !== undefined && asked > options.maxDelayMs) return settle(outcome);
      const delayMs = asked ?? backoffDelay(retry, options, random);
      if (clock.now() - startedAt + delayMs > options.budgetMs) return settle(outcome);

      onRetry?.({ url: request.url, attempt: retry, delayMs, reason });
      if ('response' in outcome) await discardBody(outcome.response);
      await clock.sleep(delayMs, context.callerSignal);
    }
  };
}

async function attempt(send: () => Promise<Response>): Promise<Outcome> {
  try {
    return { response: await send() };
  } catch (error) {
    return { error };
  }
}

function settle(outcome: Outcome): Response {
  if ('response' in outcome) return outcome.response;
  throw outcome.error;
}

/** Why this outcome deserves another try, or undefined when it does not. */
function retryReason(outcome: Outcome, options: RetryOptions, context: CallContext): number | string | undefined {
  if (context.callerSignal.aborted) return undefined;
  if ('response' in outcome) {
    const status = outcome.response.status;
    return options.statuses.includes(status) ? status : undefined;
  }
  const error = outcome.error;
  if (error instanceof AttemptTimeoutError) return error.code;
  // fetch reports every network failure (refused, reset, DNS) as a TypeError whose cause is the
  // socket's error; anything else (a circuit open, a bad URL) would fail the same way again.
  if (error instanceof TypeError && error.cause !== undefined) {
    const cause = error.cause as { code?: unknown; name?: unknown };
    return typeof cause.code === 'string' ? cause.code : String(cause.name ?? 'network error');
  }
  return undefined;
}

/** Frees the connection of an answer we will not read. */
async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already closed or errored: nothing is held.
  }
}
