import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { presentIncident } from '../presenters.js';
import { listIncidents } from '../services/list-incidents.js';

export function incidentRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: { monitor?: string; open?: string; limit?: string } }>('/api/incidents', async (request) => {
    const incidents = await listIncidents(deps, request.query);
    const now = deps.clock.now();
    return { incidents: incidents.map((i) => presentIncident(i, now)) };
  });
}
