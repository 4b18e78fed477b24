import { TimeoutStrategy, timeout } from 'cockatiel';
import { AttemptTimeoutError } from '../errors.js';
import type { FetchLayer } from '../fetch-layer.js';

/**
 * The caller may abort while it reads a body, long after the headers came: each answer keeps its
 * attempt's controller alive for as long as the answer itself is reachable.
 */
const controllerOfResponse = new WeakMap<Response, AbortController>();

/**
 * Once an attempt's controller is collected, its listener on the caller's signal is removed: a
 * signal that lives long (a server's shutdown signal, say) does not gather one per request.
 */
const listenerCleanup = new FinalizationRegistry<{ signal: AbortSignal; listener: () => void }>(({ signal, listener }) =>
  signal.removeEventListener('abort', listener),
);

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
      // and under garbage collection pressure the abort never arrived (an attempt meant to time
      // out after 150 ms hung until undici's own 300 s limit). This controller is held strongly
      // by this function while the headers are awaited, then by the answer.
      const attempt = new AbortController();
      const caller = context.callerSignal;
      const attemptRef = new WeakRef(attempt);
      const onCaller = () => attemptRef.deref()?.abort(caller.reason);
      const onDeadline = () => attempt.abort(deadline.reason);
      if (caller.aborted) attempt.abort(caller.reason);
      else {
        caller.addEventListener('abort', onCaller, { once: true });
        listenerCleanup.register(attempt, { signal: caller, listener: onCaller });
      }
      deadline.addEventListener('abort', onDeadline, { once: true });
      try {
        const response = await next(request, { ...context, attemptSignal: attempt.signal });
        controllerOfResponse.set(response, attempt);
        return response;
      } catch (error) {
        if (deadline.aborted && !caller.aborted) throw new AttemptTimeoutError(request.url, timeoutMs);
        throw error;
      } finally {
        deadline.removeEventListener('abort', onDeadline);
      }
    });
}
