import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listDeadLetters } from '@parley/bus';
import { DeadLetterList, DeliveryListQuery, DeliveryParams, errorResponses, Queues, WebhookDeliveryDetail, WebhookDeliveryList } from '@parley/contracts';
import type { WebhookDeliveryStatusName } from '@parley/db';
import { toDeadLetterView } from '../dead-letter-view';
import type { WebhookRouteDeps } from './endpoints';

const tags = ['webhooks'];
type DeliveryP = { deliveryId: string };

/** The delivery log across endpoints, one delivery's attempts, redelivery, and the dead letters. */
export async function webhookDeliveryRoutes(app: FastifyInstance, deps: WebhookRouteDeps) {
  const orgOf = async (request: FastifyRequest) => (await request.loadAgent())!.orgId;

  app.get(
    '/deliveries',
    { schema: { tags, operationId: 'listAllWebhookDeliveries', querystring: DeliveryListQuery, response: { 200: WebhookDeliveryList, ...errorResponses(400, 401, 403) } } },
    async (request) => {
      const q = request.query as { status?: WebhookDeliveryStatusName; limit?: number };
      return { deliveries: await deps.deliveries.list(await orgOf(request), { ...(q.status ? { status: q.status } : {}), limit: q.limit ?? 50 }) };
    },
  );

  app.get(
    '/deliveries/:deliveryId',
    {
      schema: {
        tags,
        operationId: 'getWebhookDelivery',
        summary: 'One delivery: the body sent and every attempt with its status code and response time',
        params: DeliveryParams,
        response: { 200: WebhookDeliveryDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => deps.deliveries.get(await orgOf(request), (request.params as DeliveryP).deliveryId),
  );

  app.post(
    '/deliveries/:deliveryId/redeliver',
    {
      schema: {
        tags,
        operationId: 'redeliverWebhook',
        summary: 'Send a failed (or delivered) delivery again, same id and body, with a fresh retry schedule',
        params: DeliveryParams,
        response: { 202: WebhookDeliveryDetail, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(202).send(await deps.deliveries.redeliver(await orgOf(request), (request.params as DeliveryP).deliveryId, request.id)),
  );

  app.get(
    '/dead-letters',
    {
      schema: {
        tags,
        operationId: 'listWebhookDeadLetters',
        summary: 'Delivery jobs that used up their attempts (the queue’s failed set); redeliver them by delivery id',
        response: { 200: DeadLetterList, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ dead_letters: (await listDeadLetters(app.queues.get(Queues.webhooks).queue, await orgOf(request), 100)).map(toDeadLetterView) }),
  );
}
