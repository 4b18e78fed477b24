import { TimeoutStrategy, timeout } from 'cockatiel';
import { AttemptTimeoutError } from '../errors.js';
import type { FetchLayer } from '../fetch-layer.js';

/**
 * Gives each attempt `timeoutMs` until its response headers arrive. Cooperative: cockatiel aborts
 * the attempt's signal and fetch stops. The signal is not aborted on return, because the same
 * signal governs the body the caller has yet to read.
 */
export function timeoutLayer(timeoutMs: number): FetchLayer {
  const policy = timeout(timeoutMs, { strategy: TimeoutStrategy.Cooperative, abortOnReturn: false });
  return (next) => (request, context) =>
    policy.execute(async ({ signal }) => {
      const attemptSignal = AbortSignal.any([request.signal, signal]);
      try {
        return await next(new Request(request, { signal: attemptSignal }), context);
      } catch (error) {
        if (signal.aborted && !context.callerSignal.aborted) throw new AttemptTimeoutError(request.url, timeoutMs);
        throw error;
      }
    });
}
