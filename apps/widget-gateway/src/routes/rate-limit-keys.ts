import type { FastifyRequest } from 'fastify';

/**
 * Rate-limit key of widget-token routes: the token's subject (conversation and visitor) rather
 * than its `jti`, so calling `/init` again for a fresh token does not reset the count. Runs after
 * `requireWidget`, so the token is already verified and its claims cached on the request.
 */
export const perWidgetSubject = (route: string) => async (request: FastifyRequest) => {
  const auth = await request.loadWidget();
  return auth ? `${route}:${auth.conversationId}:${auth.visitorId}` : `${route}:ip:${request.ip}`;
};
