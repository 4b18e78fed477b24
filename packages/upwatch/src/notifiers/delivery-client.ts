import { createFetch, type ResilientFetch } from '@upwatch/fetch';

/**
 * The HTTP client every notifier posts through. The outbox is the durable retry: its attempts
 * survive a restart and each is recorded. Under it, this client adds what only the moment of
 * sending knows: one quick retry of a blip (a reset connection, a 502 from the provider's edge) so
 * it costs a second rather than an outbox round, a timeout per attempt, and a circuit breaker that
 * stops an origin that keeps failing from costing a full timeout on every queued alert.
 */
export function createDeliveryClient(timeoutMs: number): ResilientFetch {
  return createFetch({
    retry: { attempts: 1, baseDelayMs: 1_000, budgetMs: 5_000 },
    timeoutMs,
    breaker: { failureThreshold: 5, windowMs: 60_000, halfOpenAfterMs: 30_000 },
  });
}
