import { validationError } from '../../core/errors.js';
import type { StoredCheck } from '../../store/store.js';
import type { ApiDeps } from '../api-deps.js';
import { getMonitor } from './get-monitor.js';

export const MAX_CHECKS_PAGE = 1000;

/** A monitor's checks, newest first. `since` is an ISO-8601 time or milliseconds since the epoch. */
export async function listChecks(
  deps: ApiDeps,
  idOrName: string,
  query: { since?: string | undefined; limit?: string | undefined },
): Promise<StoredCheck[]> {
  const monitor = await getMonitor(deps, idOrName);
  const since = query.since === undefined ? undefined : parseTime(query.since);
  if (since === null) {
    throw validationError([{ path: 'since', message: 'must be an ISO-8601 time (2026-01-31T12:00:00Z) or milliseconds since the epoch' }]);
  }
  const limit = parseLimit(query.limit, 100, MAX_CHECKS_PAGE);
  return deps.store.listChecks(monitor.id, since === undefined ? { limit } : { since, limit });
}

function parseTime(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** A page size from the query string, or the default; a bad one names the field. */
export function parseLimit(text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw validationError([{ path: 'limit', message: `must be a whole number from 1 to ${max}` }]);
  }
  return n;
}
