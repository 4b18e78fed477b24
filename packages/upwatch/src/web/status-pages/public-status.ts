import type { DetectorState } from '../../core/detector.js';

/** A monitor's state as the public reads it. */
export type PublicStatus = 'operational' | 'degraded' | 'down' | 'recovering' | 'maintenance' | 'paused' | 'unknown';

/** A whole page's state, the banner at its top. */
export type OverallStatus = 'operational' | 'degraded' | 'partial_outage' | 'major_outage' | 'maintenance' | 'unknown';

export const PUBLIC_STATUS_TEXT = {
  operational: 'Operational',
  degraded: 'Degraded performance',
  down: 'Down',
  recovering: 'Recovering',
  maintenance: 'Under maintenance',
  paused: 'Paused',
  unknown: 'No data yet',
} as const satisfies Record<PublicStatus, string>;

export const OVERALL_STATUS_TEXT = {
  operational: 'All systems operational',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  maintenance: 'Under maintenance',
  unknown: 'No data yet',
} as const satisfies Record<OverallStatus, string>;

/**
 * A monitor's public state. A failure still being confirmed (`verifying`) shows as operational:
 * the page tells confirmed outages, as the alerts do, not blips. Maintenance wins over down: it
 * was announced.
 * @example publicStatus(false, { ...state, status: 'down' }, false) // 'down'
 */
export function publicStatus(paused: boolean, state: DetectorState | undefined, inMaintenance: boolean): PublicStatus {
  if (paused) return 'paused';
  if (inMaintenance) return 'maintenance';
  switch (state?.status) {
    case 'down':
      return 'down';
    case 'recovering':
      return 'recovering';
    case 'up':
    case 'verifying':
      return state.degraded ? 'degraded' : 'operational';
    default:
      return 'unknown';
  }
}

/**
 * The page's state from its monitors'. An outage (down, or recovering: its incident is still
 * open) of more than half the monitors that report is major, of fewer partial. Paused monitors
 * and those without data yet do not count.
 * @example overallStatus(['operational', 'down', 'operational']) // 'partial_outage'
 */
export function overallStatus(statuses: readonly PublicStatus[]): OverallStatus {
  let reporting = 0;
  let out = 0;
  let maintenance = 0;
  let degraded = 0;
  for (const s of statuses) {
    if (s === 'paused' || s === 'unknown') continue;
    reporting++;
    if (s === 'down' || s === 'recovering') out++;
    else if (s === 'maintenance') maintenance++;
    else if (s === 'degraded') degraded++;
  }
  if (out > 0) return out * 2 > reporting ? 'major_outage' : 'partial_outage';
  if (maintenance > 0) return 'maintenance';
  if (degraded > 0) return 'degraded';
  return reporting === 0 ? 'unknown' : 'operational';
}

/** A day's colour class on the bar, by its uptime: the thresholds people read status pages by. */
export type DayLevel = 'ok' | 'minor' | 'partial' | 'major' | 'none';

/**
 * @example dayLevel(99.95) // 'ok'; dayLevel(99.5) // 'minor'; dayLevel(96) // 'partial'; dayLevel(null) // 'none'
 */
export function dayLevel(uptime: number | null): DayLevel {
  if (uptime === null) return 'none';
  if (uptime >= 99.9) return 'ok';
  if (uptime >= 99) return 'minor';
  if (uptime >= 95) return 'partial';
  return 'major';
}
