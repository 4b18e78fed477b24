import { Cron } from 'croner';

/**
 * A planned quiet time: checks go on and incidents are recorded, but alerts are held. Either one
 * stretch of time, or a cron expression in a time zone that starts a window of `durationMs`.
 */
export interface MaintenanceWindow {
  name: string;
  /** Monitor names it covers; null covers every monitor. */
  monitors: string[] | null;
  schedule: { type: 'once'; startsAt: number; endsAt: number } | { type: 'recurring'; cron: string; timezone: string; durationMs: number };
}

/** One window whose cron expression is compiled once, not on every check. */
export interface CompiledWindow {
  window: MaintenanceWindow;
  /** When the window last started at or before `now`, if it is open then. */
  openAt(now: number): boolean;
}

/**
 * Compiles a window; throws the cron library's error for a bad expression or time zone, which the
 * config loader turns into a message with a line number.
 * @example compileWindow({ name: 'db', monitors: null, schedule: { type: 'recurring', cron: '0 3 * * SUN', timezone: 'Europe/Berlin', durationMs: 3_600_000 } })
 */
export function compileWindow(window: MaintenanceWindow): CompiledWindow {
  const schedule = window.schedule;
  if (schedule.type === 'once') {
    return { window, openAt: (now) => now >= schedule.startsAt && now < schedule.endsAt };
  }
  const cron = new Cron(schedule.cron, { timezone: schedule.timezone, paused: true });
  // Asked at every check of every monitor: the answer holds until the window closes or the next
  // one starts, so it is worked out once per change, not once per check (finding the previous
  // start of a rare expression walks back through a year of minutes).
  let known: { from: number; until: number; open: boolean } | null = null;
  return {
    window,
    openAt(now) {
      if (known && now >= known.from && now < known.until) return known.open;
      // The latest start at or before now (croner looks strictly before the date it is given).
      const [lastStart] = cron.previousRuns(1, new Date(now + 1));
      const nextStart = cron.nextRun(new Date(now))?.getTime() ?? Number.POSITIVE_INFINITY;
      const closesAt = lastStart === undefined ? Number.NEGATIVE_INFINITY : lastStart.getTime() + schedule.durationMs;
      const open = now < closesAt;
      known = { from: now, until: open ? Math.min(closesAt, nextStart) : nextStart, open };
      return open;
    },
  };
}

/**
 * The window holding a monitor's alerts now, if any.
 * @example activeMaintenance(windows, 'api', Date.now())?.window.name // 'weekly-db'
 */
export function activeMaintenance(windows: readonly CompiledWindow[], monitorName: string, now: number): CompiledWindow | undefined {
  return windows.find((w) => (w.window.monitors === null || w.window.monitors.includes(monitorName)) && w.openAt(now));
}
