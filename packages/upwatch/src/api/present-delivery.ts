import type { Delivery, DeliveryRecord, DeliveryStatus } from '../store/store.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * A delivery as the API answers it: what was sent (or held) to whom, where it stands, and every
 * recorded attempt. The monitor is named as the alert named it, so a renamed or deleted monitor's
 * history still reads as it happened.
 *
 * @example
 * reply.send(presentDelivery(await getDelivery(deps, '42')));
 */
export function presentDelivery(delivery: DeliveryRecord) {
  const status = deliveryStatus(delivery);
  return {
    id: delivery.id,
    alert_id: delivery.alert.id,
    event: delivery.alert.type,
    monitor: { id: delivery.alert.monitor.id, name: delivery.alert.monitor.name },
    notifier: delivery.notifier,
    status,
    created_at: iso(delivery.createdAt),
    delivered_at: iso(delivery.deliveredAt),
    given_up_at: iso(delivery.givenUpAt),
    held_reason: delivery.heldReason,
    attempts: delivery.attempts,
    // Only a pending delivery will be tried again; on any other the column is a leftover.
    next_attempt_at: status === 'pending' ? iso(delivery.nextAttemptAt) : null,
    last_error: delivery.lastError,
    last_http_status: delivery.lastHttpStatus,
    attempt_log: delivery.attemptLog.map((a) => ({
      number: a.attempt,
      at: iso(a.at),
      ok: a.ok,
      http_status: a.httpStatus,
      error: a.error,
      duration_ms: a.durationMs,
    })),
  };
}

/** The same statuses the store filters on (`?status=`); a held delivery is never marked otherwise. */
function deliveryStatus(d: Delivery): DeliveryStatus {
  if (d.heldReason !== null) return 'held';
  if (d.deliveredAt !== null) return 'delivered';
  if (d.givenUpAt !== null) return 'failed';
  return 'pending';
}
