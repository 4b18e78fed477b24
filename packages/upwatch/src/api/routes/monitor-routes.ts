import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { presentCheck, presentMonitor, presentPing } from '../presenters.js';
import { listPings } from '../services/list-pings.js';
import { createMonitor } from '../services/create-monitor.js';
import { deleteMonitor } from '../services/delete-monitor.js';
import { getMonitor } from '../services/get-monitor.js';
import { listChecks } from '../services/list-checks.js';
import { updateMonitor } from '../services/update-monitor.js';

type IdParams = { Params: { id: string } };

/** /api/monitors: thin routes; the services do the work and throw typed errors. */
export function monitorRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const present = (m: Parameters<typeof presentMonitor>[0]) => presentMonitor(m, deps.runtime.getState(m.id));

  // ?tag=prod keeps the monitors with that tag; repeated (?tag=prod&tag=eu), those with all of them.
  app.get<{ Querystring: { tag?: string | string[] } }>('/api/monitors', async (request) => {
    const { tag } = request.query;
    const wanted = tag === undefined ? [] : Array.isArray(tag) ? tag : [tag];
    const monitors = await deps.store.listMonitors();
    return { monitors: monitors.filter((m) => wanted.every((t) => m.spec.tags.includes(t))).map(present) };
  });

  app.post('/api/monitors', async (request, reply) => {
    const monitor = await createMonitor(deps, request.body);
    return reply.status(201).header('location', `/api/monitors/${monitor.id}`).send(present(monitor));
  });

  app.get<IdParams>('/api/monitors/:id', async (request) => present(await getMonitor(deps, request.params.id)));

  app.patch<IdParams>('/api/monitors/:id', async (request) => present(await updateMonitor(deps, request.params.id, request.body)));

  app.delete<IdParams>('/api/monitors/:id', async (request, reply) => {
    await deleteMonitor(deps, request.params.id);
    return reply.status(204).send();
  });

  app.get<IdParams & { Querystring: { before?: string; limit?: string } }>('/api/monitors/:id/pings', async (request) => {
    const pings = await listPings(deps, request.params.id, request.query);
    return { pings: pings.map(presentPing) };
  });

  app.get<IdParams & { Querystring: { since?: string; limit?: string } }>('/api/monitors/:id/checks', async (request) => {
    const checks = await listChecks(deps, request.params.id, request.query);
    return { checks: checks.map(presentCheck) };
  });
}
