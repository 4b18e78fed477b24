import type { FastifyInstance } from 'fastify';
import { sendCompressible } from '../../web/send-compressible.js';
import type { ApiDeps } from '../api-deps.js';
import { listDashboardMonitors } from '../services/list-dashboard-monitors.js';

/**
 * GET /api/dashboard/monitors: every monitor in one answer, for the dashboard's list. 10,000
 * monitors are ~3.5 MB of JSON and ~10 times less gzipped, which a phone on a slow link notices.
 */
export function dashboardRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/dashboard/monitors', async (request, reply) => {
    const body = { monitors: await listDashboardMonitors(deps), at: new Date(deps.clock.now()).toISOString() };
    return sendCompressible(request, reply, JSON.stringify(body), 'application/json; charset=utf-8');
  });
}
