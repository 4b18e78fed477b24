import { BrokenCircuitError, CircuitState, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import { CircuitOpenError } from '../errors.js';
import type { FetchLayer } from '../fetch-layer.js';
import type { BreakerOptions, BreakerState, BreakerStateChange } from '../options.js';
import { RollingWindowBreaker } from './rolling-window-breaker.js';

export interface BreakerLayerDeps {
  options: BreakerOptions;
  now: () => number;
  onStateChange?: ((change: BreakerStateChange) => void) | undefined;
}

/** Beyond this many origins, the longest-closed breakers are forgotten so memory stays bounded. */
const MAX_ORIGINS = 1024;

/**
 * Marks a failure that says nothing about the origin: the caller aborted. cockatiel does not count
 * an error its filter rejects; during a half-open probe it closes the circuit on one, so the next
 * failures have to open it again.
 */
class CallerGaveUp extends Error {
  constructor(override readonly cause: unknown) {
    super('the caller aborted');
  }
}

interface OriginBreaker {
  policy: CircuitBreakerPolicy;
  openedAt: number;
}

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

export interface BreakerLayer {
  layer: FetchLayer;
  stateOf(origin: string): BreakerState;
}

/**
 * One circuit per origin, so one dead dependency fails fast without taking the healthy ones with
 * it. cockatiel runs the state machine (closed, open, half-open with one probe); this layer decides
 * what a failure is in HTTP terms and turns cockatiel's error into a typed one that says when the
 * next probe goes through.
 */
export function breakerLayer(deps: BreakerLayerDeps): BreakerLayer {
  const { options, now, onStateChange } = deps;
  const breakers = new Map<string, OriginBreaker>();

  function breakerFor(origin: string): OriginBreaker {
    const known = breakers.get(origin);
    if (known) {
      // Map order doubles as recency, for eviction.
      breakers.delete(origin);
      breakers.set(origin, known);
      return known;
    }
    const policy = circuitBreaker(
      handleWhen((error) => !(error instanceof CallerGaveUp)).orWhenResult(
        (result) => result instanceof Response && options.statuses.includes(result.status),
      ),
      {
        halfOpenAfter: options.halfOpenAfterMs,
        breaker: new RollingWindowBreaker(options.failureThreshold, options.windowMs, now),
      },
    );
    const entry: OriginBreaker = { policy, openedAt: 0 };
    policy.onBreak(() => {
      entry.openedAt = now();
    });
    if (onStateChange) policy.onStateChange((state) => onStateChange({ origin, state: STATE_NAMES[state] }));
    breakers.set(origin, entry);
    evictClosedBeyondLimit();
    return entry;
  }

  function evictClosedBeyondLimit(): void {
    if (breakers.size <= MAX_ORIGINS) return;
    for (const [origin, entry] of breakers) {
      if (entry.policy.state === CircuitState.Closed) {
        breakers.delete(origin);
        return;
      }
    }
  }

  const layer: FetchLayer = (next) => async (request, context) => {
    const origin = new URL(request.url).origin;
    const entry = breakerFor(origin);
    try {
      return await entry.policy.execute(async () => {
        try {
          return await next(request, context);
        } catch (error) {
          if (context.callerSignal.aborted) throw new CallerGaveUp(error);
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof CallerGaveUp) throw error.cause;
      if (error instanceof BrokenCircuitError) {
        const wait = Math.max(0, entry.openedAt + options.halfOpenAfterMs - now());
        throw new CircuitOpenError(origin, wait);
      }
      throw error;
    }
  };

  return {
    layer,
    stateOf: (origin) => {
      const entry = breakers.get(new URL(origin).origin);
      return entry ? STATE_NAMES[entry.policy.state] : 'closed';
    },
  };
}
