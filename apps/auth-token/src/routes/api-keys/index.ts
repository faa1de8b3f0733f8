import type { FastifyInstance } from 'fastify';
import { addRevokeRoute } from '../revoke-route';
import { ApiKeyList, CreateApiKeyBody, CreatedApiKey, ErrorBody } from '@parley/contracts';
import { requireAgent } from '@parley/auth';
import { createApiKey, listApiKeys, revokeApiKey } from '@parley/credentials';

const errors = { 401: ErrorBody, 403: ErrorBody };

/** `/api/api-keys`: server-to-server `pk_live_` keys with scopes. Admins only. */
export async function apiKeyRoutes(app: FastifyInstance) {
  // onRequest, before the body is even parsed: without an admin session nothing else is answered.
  app.addHook('onRequest', requireAgent('admin'));

  app.post(
    '/',
    {
      schema: {
        tags: ['api-keys'],
        operationId: 'createApiKey',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey, 400: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const agent = (await request.loadAgent())!;
      const body = request.body as CreateApiKeyBody;
      const { key, view } = await createApiKey(app.db, agent.orgId, {
        name: body.name,
        scopes: body.scopes,
        ...(body.expires_at ? { expiresAt: new Date(body.expires_at) } : {}),
        createdById: agent.userId,
      });
      return reply.code(201).send({ ...view, key });
    },
  );

  app.get(
    '/',
    { schema: { tags: ['api-keys'], operationId: 'listApiKeys', response: { 200: ApiKeyList, ...errors } } },
    async (request) => ({ api_keys: await listApiKeys(app.db, (await request.loadAgent())!.orgId) }),
  );

  addRevokeRoute(app, { tags: ['api-keys'], operationId: 'revokeApiKey', revoke: revokeApiKey });
}
