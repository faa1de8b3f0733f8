import type { FastifyInstance } from 'fastify';
import { addRevokeRoute } from '../revoke-route';
import {
  CreatedEmbedToken,
  CreateEmbedTokenBody,
  EmbedTokenList,
  ErrorBody,
} from '@parley/contracts';
import { requireAgent } from '@parley/auth';
import { createEmbedToken, listEmbedTokens, revokeEmbedToken } from '@parley/credentials';

const errors = { 401: ErrorBody, 403: ErrorBody };

/** `/api/embed-tokens`: the `ew_` tokens websites embed a bot with. Admins only. */
export async function embedTokenRoutes(app: FastifyInstance) {
  // onRequest, before the body is even parsed: without an admin session nothing else is answered.
  app.addHook('onRequest', requireAgent('admin'));

  app.post(
    '/',
    {
      schema: {
        tags: ['embed-tokens'],
        operationId: 'createEmbedToken',
        body: CreateEmbedTokenBody,
        response: { 201: CreatedEmbedToken, 400: ErrorBody, 404: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const agent = (await request.loadAgent())!;
      const body = request.body as CreateEmbedTokenBody;
      const { token, view } = await createEmbedToken(app.db, agent.orgId, {
        botId: body.bot_id,
        ...(body.channel_id ? { channelId: body.channel_id } : {}),
        name: body.name,
        allowedOrigins: body.allowed_origins ?? [],
        createdById: agent.userId,
      });
      return reply.code(201).send({ ...view, token });
    },
  );

  app.get(
    '/',
    { schema: { tags: ['embed-tokens'], operationId: 'listEmbedTokens', response: { 200: EmbedTokenList, ...errors } } },
    async (request) => ({ embed_tokens: await listEmbedTokens(app.db, (await request.loadAgent())!.orgId) }),
  );

  addRevokeRoute(app, { tags: ['embed-tokens'], operationId: 'revokeEmbedToken', revoke: revokeEmbedToken });
}
