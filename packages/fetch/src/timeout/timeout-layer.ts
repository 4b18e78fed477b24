import { TimeoutStrategy, timeout } from 'cockatiel';
import { AttemptTimeoutError } from '../errors.js';
import type { FetchLayer } from '../fetch-layer.js';

/**
 * Gives each attempt `timeoutMs` until its response headers arrive. Cooperative: cockatiel aborts
 * its signal and the attempt's fetch stops. The attempt is not aborted on return, because its
 * signal also governs the body the caller has yet to read.
 */
export function timeoutLayer(timeoutMs: number): FetchLayer {
  const policy = timeout(timeoutMs, { strategy: TimeoutStrategy.Cooperative, abortOnReturn: false });
  return (next) => (request, context) =>
    policy.execute(async ({ signal: deadline }) => {
      // Not AbortSignal.any: on Node 20 the signal it returns is held only weakly by its sources,
      // and under garbage collection pressure it was collected while fetch still waited on it, so
      // an attempt meant to time out after 150 ms hung until undici's own 300 s limit. Listeners
      // on the sources hold this controller strongly instead.
      const attempt = new AbortController();
      const onDeadline = () => attempt.abort(deadline.reason);
      const onCaller = () => attempt.abort(request.signal.reason);
      if (request.signal.aborted) onCaller();
      // The caller's listener stays: the caller may still abort while reading the body.
      else request.signal.addEventListener('abort', onCaller, { once: true });
      deadline.addEventListener('abort', onDeadline, { once: true });
      try {
        return await next(new Request(request, { signal: attempt.signal }), context);
      } catch (error) {
        if (deadline.aborted && !context.callerSignal.aborted) throw new AttemptTimeoutError(request.url, timeoutMs);
        throw error;
      } finally {
        deadline.removeEventListener('abort', onDeadline);
      }
    });
}
