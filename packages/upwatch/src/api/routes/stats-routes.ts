import type { FastifyInstance } from 'fastify';
import type { ApiDeps, LagFigures, ScheduleStatsSource } from '../api-deps.js';

type Snapshot = ReturnType<ScheduleStatsSource['snapshot']>;

/**
 * GET /api/stats: how many checks ran since start and in the last minute, how late they started
 * against their planned slot, and what the scheduler counted (slots skipped because the previous
 * check still ran). Behind the token like the rest: it tells how big the installation is.
 */
export function statsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { stats } = deps;
  if (!stats) return;
  app.get('/api/stats', async () => presentStats(stats.snapshot()));
}

function presentStats(s: Snapshot) {
  return {
    since: new Date(s.since).toISOString(),
    at: new Date(s.at).toISOString(),
    checks: s.checks,
    lag_ms: presentLag(s.lag),
    last_window: { window_s: s.lastWindow.windowMs / 1000, checks: s.lastWindow.checks, lag_ms: presentLag(s.lastWindow.lag) },
    scheduler: {
      monitors: s.scheduler.monitors,
      started: s.scheduler.started,
      running: s.scheduler.running,
      skipped_slots: s.scheduler.skippedSlots,
    },
  };
}

function presentLag(lag: LagFigures) {
  return { count: lag.count, p50: lag.p50, p90: lag.p90, p99: lag.p99, max: lag.max };
}
