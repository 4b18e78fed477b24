import type { FastifyInstance } from 'fastify';
import type { UptimeFigures, UptimeWindow } from '../../store/store.js';
import type { ApiDeps } from '../api-deps.js';
import { getUptime } from '../services/get-uptime.js';

/**
 * GET /api/monitors/:id/uptime: per window (24h, 7d, 30d, 90d), the share of regular checks that
 * did not fail (a percent, or null without checks), their counts, and response times from the
 * rollups' histograms (store/latency-histogram.ts).
 */
export function uptimeRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Params: { id: string } }>('/api/monitors/:id/uptime', async (request) => {
    const uptime = await getUptime(deps, request.params.id);
    const windows: UptimeWindow[] = ['24h', '7d', '30d', '90d'];
    return Object.fromEntries(windows.map((w) => [w, presentUptime(uptime[w])]));
  });
}

function presentUptime(f: UptimeFigures) {
  return {
    // Rounded down, so that a single failure in 90 days never shows as 100.
    uptime: f.uptime === null ? null : Math.floor(f.uptime * 1000) / 1000,
    checks: f.checks,
    failures: f.failures,
    p50_ms: f.p50Ms,
    p95_ms: f.p95Ms,
    p99_ms: f.p99Ms,
    mean_ms: f.meanMs,
    since: new Date(f.from).toISOString(),
  };
}
