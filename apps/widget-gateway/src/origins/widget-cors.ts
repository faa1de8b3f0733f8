import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError, ErrorCode } from '@parley/contracts';
import type { OriginPolicy } from './origin-policy';

/** Headers a widget sends: the token, JSON, and a request id to line up logs. */
const ALLOWED_HEADERS = 'authorization, content-type, x-request-id';
/** Headers a widget must be able to read: backing off needs Retry-After. */
const EXPOSED_HEADERS = 'retry-after, x-request-id, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset';
const PREFLIGHT_MAX_AGE_S = 600;

export const originNotAllowed = (origin: string | undefined, why = 'is not an allowed origin of this widget') =>
  new AppError(
    403,
    ErrorCode.ORIGIN_NOT_ALLOWED,
    origin === undefined ? 'The request has no Origin header: the widget API is called from web pages only' : `Origin "${origin}" ${why}`,
  );

/** Takes back a provisional CORS grant: the browser then keeps a refused response from the page. */
export function withdrawCors(reply: FastifyReply): void {
  reply.removeHeader('access-control-allow-origin');
  reply.removeHeader('access-control-expose-headers');
}

/**
 * CORS for the widget API, in two steps. Here, before anything else: every response varies by
 * Origin, and an origin that some live embed token or bot lists gets a provisional grant, so a
 * widget can read even a 400 or a 429 and its Retry-After. Preflights (no body, no token) are
 * answered from that alone. Then each route judges the origin exactly, against the embed token
 * (/init) or the widget token's bot (everything else), and withdraws the grant when it refuses.
 * Our own hook rather than @fastify/cors: we want a refused preflight to be a 403 with our error
 * body, and the second, per-route step has no place in its single hook. Installed into the
 * calling scope (not registered as a child plugin), so it covers every route of that scope.
 */
export function installWidgetCors(app: FastifyInstance, policy: OriginPolicy): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (origin && (await policy.mayPreflight(origin))) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    }
  });

  app.options('/*', async (request, reply) => {
    if (!reply.hasHeader('access-control-allow-origin')) throw originNotAllowed(request.headers.origin);
    return reply
      .code(204)
      .header('access-control-allow-methods', 'GET, POST')
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_S))
      .send();
  });
}
