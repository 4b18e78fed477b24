export { createFetch, type ResilientFetch } from './create-fetch.js';
export { CircuitOpenError, AttemptTimeoutError, type FetchErrorCode } from './errors.js';
export {
  DEFAULT_BREAKER,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  type BreakerOptions,
  type BreakerState,
  type BreakerStateChange,
  type CreateFetchOptions,
  type RetryEvent,
  type RetryOptions,
} from './options.js';
export { backoffDelay } from './retry/backoff.js';
export { retryAfterMs } from './retry/retry-after.js';
export type { FetchClock } from './clock.js';
