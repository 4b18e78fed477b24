import type { FastifyInstance } from 'fastify';
import { maintenanceToOutput } from '../../config/maintenance-input.js';
import { compileWindow } from '../../core/maintenance.js';
import type { ApiDeps, MaintenanceSource } from '../api-deps.js';
import { createMaintenanceWindow } from '../services/create-maintenance-window.js';
import { deleteMaintenanceWindow } from '../services/delete-maintenance-window.js';

/** /api/maintenance: windows from the config file (read-only) and from the API. */
export function maintenanceRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const present = (entry: MaintenanceSource) => ({
    ...maintenanceToOutput(entry.window),
    source: entry.source,
    active: compileWindow(entry.window).openAt(deps.clock.now()),
  });

  app.get('/api/maintenance', async () => ({ windows: deps.maintenance.list().map(present) }));

  app.post('/api/maintenance', async (request, reply) => {
    const window = await createMaintenanceWindow(deps, request.body);
    return reply.status(201).header('location', `/api/maintenance/${encodeURIComponent(window.name)}`).send(present({ window, source: 'api' }));
  });

  app.delete<{ Params: { name: string } }>('/api/maintenance/:name', async (request, reply) => {
    await deleteMaintenanceWindow(deps, request.params.name);
    return reply.status(204).send();
  });
}
