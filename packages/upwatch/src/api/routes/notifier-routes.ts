import type { FastifyInstance } from 'fastify';
import type { ApiDeps, NotifierCatalog } from '../api-deps.js';
import { presentNotifier } from '../present-notifier.js';
import { createNotifier } from '../services/create-notifier.js';
import { deleteNotifier } from '../services/delete-notifier.js';
import { getNotifier } from '../services/get-notifier.js';
import { listNotifiers } from '../services/list-notifiers.js';
import { testNotifier } from '../services/test-notifier.js';
import { updateNotifier } from '../services/update-notifier.js';

type NameParams = { Params: { name: string } };

/** /api/notifiers: those of the config file (read-only) and those made here. Without a catalog, no routes. */
export function notifierRoutes(app: FastifyInstance, apiDeps: ApiDeps): void {
  const catalog: NotifierCatalog | undefined = apiDeps.notifiers;
  if (catalog === undefined) return;
  const deps = { ...apiDeps, notifiers: catalog };

  app.get('/api/notifiers', async () => ({ notifiers: (await listNotifiers(deps)).map(presentNotifier) }));

  app.post('/api/notifiers', async (request, reply) => {
    const notifier = await createNotifier(deps, request.body);
    return reply.status(201).header('location', `/api/notifiers/${encodeURIComponent(notifier.name)}`).send(presentNotifier(notifier));
  });

  app.get<NameParams>('/api/notifiers/:name', async (request) => presentNotifier(await getNotifier(deps, request.params.name)));

  app.patch<NameParams>('/api/notifiers/:name', async (request) => presentNotifier(await updateNotifier(deps, request.params.name, request.body)));

  app.delete<NameParams>('/api/notifiers/:name', async (request, reply) => {
    await deleteNotifier(deps, request.params.name);
    return reply.status(204).send();
  });

  app.post<NameParams>('/api/notifiers/:name/test', async (request) => {
    const outcome = await testNotifier(deps, request.params.name);
    return {
      delivered: outcome.delivered,
      http_status: outcome.httpStatus,
      ms: outcome.ms,
      error: outcome.error,
      retryable: outcome.retryable,
      message: outcome.message,
    };
  });
}
