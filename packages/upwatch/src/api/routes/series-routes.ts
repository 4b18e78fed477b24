import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { getCheckSeries } from '../services/get-check-series.js';

/**
 * GET /api/monitors/:id/series?range=24h|7d|30d|90d: response times as columns (parallel arrays,
 * times in ms since the epoch), what the dashboard's chart draws; 100,000 points are one array each
 * rather than 100,000 objects. `resolution: "check"` has every check's breakdown (dns, connect,
 * tls, ttfb, total, ok); `resolution: "hour"` has each bucket's checks, failures and mean_ms.
 */
export function seriesRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Params: { id: string }; Querystring: { range?: string } }>('/api/monitors/:id/series', async (request) => {
    const series = await getCheckSeries(deps, request.params.id, request.query.range);
    if (series.resolution === 'check') {
      const { range, resolution, at, ok, dns, connect, tls, ttfb, total } = series;
      return { range, resolution, at, ok: ok.map((o) => (o ? 1 : 0)), dns, connect, tls, ttfb, total };
    }
    const { range, resolution, at, checks, failures, meanMs } = series;
    return { range, resolution, at, checks, failures, mean_ms: meanMs };
  });
}
