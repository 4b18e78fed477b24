import type { MonitorSpec } from '../../core/monitor.js';

/** A heartbeat monitor's own settings: when its job is expected to ping, and how late is too late. */
export interface HeartbeatSettings {
  /** The secret in the ping URL (/ping/:token). Null only between parsing and storing: one is generated then. */
  token: string | null;
  /** Expected at least this often (`every: 1h`); null when `cron` sets the schedule. */
  everyMs: number | null;
  /** Expected after each time of this cron expression, in `tz`; null when `every` sets it. */
  cron: string | null;
  tz: string | null;
  /** How late a ping may be before the job counts as late. */
  graceMs: number;
  /** A run (a /start without a finish) longer than this is a failure; null: no limit. */
  maxRuntimeMs: number | null;
}

export const HEARTBEAT_DEFAULTS = {
  graceMs: 5 * 60_000,
  /** The probe only reads pings kept in memory, so judging often costs next to nothing. */
  intervalMs: 30_000,
} as const;

/** The ping token of a heartbeat monitor, null for any other kind: the server indexes pings by it. */
export function pingTokenOf(spec: MonitorSpec): string | null {
  return spec.type === 'heartbeat' ? (spec.settings as HeartbeatSettings).token : null;
}
