import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { presentStatusPage } from '../present-status-page.js';
import { createStatusPage } from '../services/create-status-page.js';
import { deleteStatusPage } from '../services/delete-status-page.js';
import { getStatusPage } from '../services/get-status-page.js';
import { updateStatusPage } from '../services/update-status-page.js';

type SlugParams = { Params: { slug: string } };

/** /api/status-pages: making and changing the public pages (which /status/:slug shows). Needs a login or a token. */
export function statusPageRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/status-pages', async () => ({ status_pages: (await deps.store.listStatusPages()).map(presentStatusPage) }));

  app.post('/api/status-pages', async (request, reply) => {
    const page = await createStatusPage(deps, request.body);
    return reply.status(201).header('location', `/api/status-pages/${page.slug}`).send(presentStatusPage(page));
  });

  app.get<SlugParams>('/api/status-pages/:slug', async (request) => presentStatusPage(await getStatusPage(deps, request.params.slug)));

  app.patch<SlugParams>('/api/status-pages/:slug', async (request) => presentStatusPage(await updateStatusPage(deps, request.params.slug, request.body)));

  app.delete<SlugParams>('/api/status-pages/:slug', async (request, reply) => {
    await deleteStatusPage(deps, request.params.slug);
    return reply.status(204).send();
  });
}
