import { UpwatchError, validationError } from '../../core/errors.js';
import type { DeliveryRecord } from '../../store/store.js';
import type { ApiDeps } from '../api-deps.js';

/**
 * One delivery with its attempts, by id, or a NOT_FOUND error; an id that is not a number is a
 * VALIDATION error naming `id`.
 *
 * @example
 * const delivery = await getDelivery(deps, request.params.id);
 */
export async function getDelivery(deps: ApiDeps, idText: string): Promise<DeliveryRecord> {
  const id = parseDeliveryId(idText);
  if (id === null) throw validationError([{ path: 'id', message: 'must be a delivery id (a whole number from 1)' }]);
  const delivery = await deps.store.getDelivery(id);
  if (!delivery) throw new UpwatchError('NOT_FOUND', `no delivery with id ${id}`);
  return delivery;
}

/**
 * A delivery id as it comes in a path or a query string, or null when it is not one.
 *
 * @example
 * parseDeliveryId('42') // 42
 * parseDeliveryId('4e1') // null
 */
export function parseDeliveryId(text: string): number | null {
  // Digits only (Number() would take "4e1", " 42" or "0x2a"), and few enough to stay exact.
  if (!/^\d{1,15}$/.test(text)) return null;
  const id = Number(text);
  return id >= 1 ? id : null;
}
