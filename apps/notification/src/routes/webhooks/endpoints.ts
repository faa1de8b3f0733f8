import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  CreateWebhookBody,
  DeliveryListQuery,
  errorResponses,
  IdParams,
  RotateWebhookSecretBody,
  UpdateWebhookBody,
  WebhookDeliveryList,
  WebhookEndpointList,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
  type CreateWebhookBody as CreateBody,
  type UpdateWebhookBody as UpdateBody,
} from '@parley/contracts';
import type { WebhookDeliveryStatusName } from '@parley/db';
import type { webhookDeliveries, webhookEndpoints } from '@parley/webhooks';

const tags = ['webhooks'];
type Id = { id: string };

export interface WebhookRouteDeps {
  endpoints: ReturnType<typeof webhookEndpoints>;
  deliveries: ReturnType<typeof webhookDeliveries>;
}

/** Endpoint management under `/api/webhooks` (the admin guard is set by the parent scope). */
export async function webhookEndpointRoutes(app: FastifyInstance, deps: WebhookRouteDeps) {
  const orgOf = async (request: FastifyRequest) => (await request.loadAgent())!.orgId;

  app.post(
    '/',
    {
      schema: {
        tags,
        operationId: 'createWebhookEndpoint',
        summary: 'Register an endpoint for event types; the answer carries its whsec_ signing secret, shown this once',
        body: CreateWebhookBody,
        response: { 201: WebhookEndpointWithSecret, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(await deps.endpoints.create(await orgOf(request), request.body as CreateBody)),
  );

  app.get(
    '/',
    { schema: { tags, operationId: 'listWebhookEndpoints', response: { 200: WebhookEndpointList, ...errorResponses(401, 403) } } },
    async (request) => ({ endpoints: await deps.endpoints.list(await orgOf(request)) }),
  );

  app.get(
    '/:id',
    { schema: { tags, operationId: 'getWebhookEndpoint', params: IdParams, response: { 200: WebhookEndpointView, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => deps.endpoints.get(await orgOf(request), (request.params as Id).id),
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags,
        operationId: 'updateWebhookEndpoint',
        summary: 'Change URL, event types or description; `enabled: true` re-enables an endpoint disabled after failures',
        params: IdParams,
        body: UpdateWebhookBody,
        response: { 200: WebhookEndpointView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => deps.endpoints.update(await orgOf(request), (request.params as Id).id, request.body as UpdateBody),
  );

  app.delete(
    '/:id',
    { schema: { tags, operationId: 'deleteWebhookEndpoint', params: IdParams, response: { 204: { type: 'null' }, ...errorResponses(400, 401, 403, 404) } } },
    async (request, reply) => {
      await deps.endpoints.remove(await orgOf(request), (request.params as Id).id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/:id/rotate-secret',
    {
      schema: {
        tags,
        operationId: 'rotateWebhookSecret',
        summary: 'A new signing secret (shown once); the old one keeps signing beside it for grace_period_s (default 24 h)',
        params: IdParams,
        body: RotateWebhookSecretBody,
        response: { 200: WebhookEndpointWithSecret, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const body = (request.body ?? {}) as { grace_period_s?: number };
      return deps.endpoints.rotateSecret(await orgOf(request), (request.params as Id).id, body.grace_period_s);
    },
  );

  app.get(
    '/:id/deliveries',
    {
      schema: {
        tags,
        operationId: 'listWebhookDeliveries',
        summary: 'The delivery log of one endpoint, newest first',
        params: IdParams,
        querystring: DeliveryListQuery,
        response: { 200: WebhookDeliveryList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const orgId = await orgOf(request);
      const { id } = request.params as Id;
      await deps.endpoints.get(orgId, id);
      const q = request.query as { status?: WebhookDeliveryStatusName; limit?: number };
      return { deliveries: await deps.deliveries.list(orgId, { endpointId: id, ...(q.status ? { status: q.status } : {}), limit: q.limit ?? 50 }) };
    },
  );
}
