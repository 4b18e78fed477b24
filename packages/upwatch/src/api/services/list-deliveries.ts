import { isUpwatchError, validationError, type FieldError } from '../../core/errors.js';
import type { DeliveryQuery, DeliveryRecord, DeliveryStatus } from '../../store/store.js';
import type { ApiDeps } from '../api-deps.js';
import { parseDeliveryId } from './get-delivery.js';
import { parseLimit } from './list-checks.js';

export const MAX_DELIVERIES_PAGE = 500;

/** A query string value as Fastify parses it: a key given twice comes as an array. */
type QueryValue = string | string[] | undefined;

export interface DeliveriesQuery {
  notifier?: QueryValue;
  status?: QueryValue;
  monitor?: QueryValue;
  alert_id?: QueryValue;
  limit?: QueryValue;
  before?: QueryValue;
}

/** One page, newest first, and the `before` that asks for the next one (null on the last page). */
export interface DeliveryPage {
  deliveries: DeliveryRecord[];
  nextBefore: number | null;
}

// Checked by the compiler against DeliveryStatus, so a new status cannot be left out of the API.
const STATUSES = { pending: true, delivered: true, failed: true, held: true } satisfies Record<DeliveryStatus, true>;

/**
 * The delivery history, newest first, filtered and paged by id. `monitor` is an id or a name; one
 * that names no monitor now is taken as the id of a deleted one, whose deliveries stay on record.
 *
 * @example
 * const { deliveries, nextBefore } = await listDeliveries(deps, { status: 'failed', limit: '20' });
 */
export async function listDeliveries(deps: ApiDeps, query: DeliveriesQuery): Promise<DeliveryPage> {
  const { monitor, limit, ...filters } = parseQuery(query);
  const monitorId = monitor === undefined ? undefined : ((await deps.store.findMonitor(monitor))?.id ?? monitor);
  // One more than the page: whether it comes back says if there is a next page, without a count.
  const found = await deps.store.listDeliveries({ ...filters, ...(monitorId !== undefined && { monitorId }), limit: limit + 1 });
  const deliveries = found.slice(0, limit);
  return { deliveries, nextBefore: found.length > limit ? (deliveries.at(-1)?.id ?? null) : null };
}

/** The query string as typed filters, or one VALIDATION error that names every bad field. */
function parseQuery(query: DeliveriesQuery): Omit<DeliveryQuery, 'monitorId'> & { monitor?: string } {
  const errors: FieldError[] = [];
  const text = (field: keyof DeliveriesQuery): string | undefined => {
    const value = query[field];
    if (Array.isArray(value)) errors.push({ path: field, message: 'must be given once' });
    else if (value === '') errors.push({ path: field, message: 'must not be empty' });
    else return value;
    return undefined;
  };

  const parsed: Omit<DeliveryQuery, 'monitorId'> & { monitor?: string } = { limit: 50 };
  const notifier = text('notifier');
  if (notifier !== undefined) parsed.notifier = notifier;
  const monitor = text('monitor');
  if (monitor !== undefined) parsed.monitor = monitor;
  const alertId = text('alert_id');
  if (alertId !== undefined) parsed.alertId = alertId;

  const status = text('status');
  if (status !== undefined) {
    if (isStatus(status)) parsed.status = status;
    else errors.push({ path: 'status', message: `must be one of ${Object.keys(STATUSES).join(', ')}` });
  }
  const before = text('before');
  if (before !== undefined) {
    const id = parseDeliveryId(before);
    if (id !== null) parsed.before = id;
    else errors.push({ path: 'before', message: 'must be a delivery id (a whole number from 1)' });
  }
  try {
    parsed.limit = parseLimit(text('limit'), 50, MAX_DELIVERIES_PAGE);
  } catch (err) {
    // Gathered with the rest, so one answer names every bad field.
    if (!isUpwatchError(err)) throw err;
    errors.push(...err.fields);
  }

  if (errors.length > 0) throw validationError(errors);
  return parsed;
}

function isStatus(text: string): text is DeliveryStatus {
  return Object.hasOwn(STATUSES, text);
}
