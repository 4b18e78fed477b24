import { createHash } from 'node:crypto';
import type { Alert } from '../core/alert.js';

/**
 * The key that ties an alert to the one it updates or closes at an incident tool (PagerDuty's
 * dedup_key, Opsgenie's alias): the incident's id, so a trigger and its resolve always match.
 * Alerts without an incident get a stable key per monitor and kind, so repeats update one alert
 * instead of paging again; the only up without an incident ends a flapping spell and closes that
 * spell's alert; a test alert gets a fresh key each time. A key over `maxChars` is hashed rather
 * than cut, so two long keys cannot become one.
 * @example alertGroupKey(degradedAlert, 255) // 'm1:degraded'
 */
export function alertGroupKey(alert: Alert, maxChars: number): string {
  const key = alert.incident ? alert.incident.id : keyWithoutIncident(alert);
  return key.length <= maxChars ? key : createHash('sha256').update(key).digest('hex');
}

function keyWithoutIncident(alert: Alert): string {
  switch (alert.type) {
    case 'up':
      return `${alert.monitor.id}:flapping`;
    case 'test':
      return `upwatch-test:${alert.id}`;
    case 'reminder':
    case 'escalation':
      return `${alert.monitor.id}:down`;
    default:
      return `${alert.monitor.id}:${alert.type}`;
  }
}
