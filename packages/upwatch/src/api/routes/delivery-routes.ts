import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { presentDelivery } from '../present-delivery.js';
import { getDelivery } from '../services/get-delivery.js';
import { listDeliveries, type DeliveriesQuery } from '../services/list-deliveries.js';

/** /api/deliveries: every alert sent, failing or held, with its attempts. */
export function deliveryRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: DeliveriesQuery }>('/api/deliveries', async (request) => {
    const page = await listDeliveries(deps, request.query);
    return { deliveries: page.deliveries.map(presentDelivery), next_before: page.nextBefore };
  });

  app.get<{ Params: { id: string } }>('/api/deliveries/:id', async (request) => presentDelivery(await getDelivery(deps, request.params.id)));
}
