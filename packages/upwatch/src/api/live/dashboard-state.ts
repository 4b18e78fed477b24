import type { DetectorState } from '../../core/detector.js';
import type { LastCheck } from '../../store/store.js';

/** A monitor's state as the dashboard shows it: one word, one colour. */
export type DashboardState = 'up' | 'down' | 'degraded' | 'pending' | 'paused';

/**
 * The detector's state in the dashboard's words. A failure being confirmed (verifying) is still
 * up: it may be a blip, and it is not an outage until confirmed. Recovering is still down: the
 * incident stays open until enough successes.
 * @example dashboardState(false, { status: 'recovering', … }) // 'down'
 */
export function dashboardState(paused: boolean, state: DetectorState | undefined): DashboardState {
  if (paused) return 'paused';
  if (!state) return 'pending';
  switch (state.status) {
    case 'unknown':
      return 'pending';
    case 'up':
    case 'verifying':
      return state.degraded ? 'degraded' : 'up';
    case 'down':
    case 'recovering':
      return 'down';
  }
}

/** A last check as the dashboard's JSON carries it: `ms` is the total time, to 0.1 ms. */
export function presentLastCheck(check: LastCheck | undefined) {
  if (!check) return null;
  return { at: new Date(check.at).toISOString(), ok: check.ok, ms: Math.round(check.totalMs * 10) / 10, kind: check.kind };
}

/** An uptime as the dashboard's JSON carries it: rounded down like the uptime API, so one failure never shows as 100. */
export function presentUptime(uptime: number | null | undefined): number | null {
  return uptime === null || uptime === undefined ? null : Math.floor(uptime * 1000) / 1000;
}
