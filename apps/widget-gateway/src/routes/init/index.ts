import type { FastifyInstance } from 'fastify';
import { AppError, badRequest, WIDGET_ERROR_RESPONSES, ErrorCode, InitBody, InitResponse, WIDGET_BODY_LIMITS, WIDGET_RATE_LIMITS } from '@parley/contracts';
import type { IdentityVerifier } from '@parley/auth';
import { isOwnOrigin } from '../../origins/own-origin';
import { withdrawCors } from '../../origins/widget-cors';
import { initVisitor } from './init-visitor';
import { TokenReuse } from './token-reuse';
import { VisitLookup } from './visit-lookup';

/** How long a returning visitor's widget token is handed out again (see TokenReuse). */
const TOKEN_REUSE_MS = 5 * 60_000;

const isOriginRefusal = (err: unknown) => err instanceof AppError && err.code === ErrorCode.ORIGIN_NOT_ALLOWED;

export interface InitRouteOptions {
  verifier: IdentityVerifier;
  /** For the end-user identity LISTEN that keeps returning visitors' cached answers correct. */
  databaseUrl: string | undefined;
}

/**
 * `POST /v1/widget/init`: no credentials but the embed token (or bot id) and the page's Origin.
 * Limited per client address; `request.ip` believes X-Forwarded-For only from TRUSTED_PROXIES.
 */
export async function initRoutes(app: FastifyInstance, opts: InitRouteOptions) {
  const visits = new VisitLookup(app.db, app.log, { events: app.events, databaseUrl: opts.databaseUrl });
  app.addHook('onReady', () => visits.start());
  // Registered after the database plugin, so it runs before the database closes (onClose is LIFO).
  app.addHook('onClose', () => visits.close());
  const tokens = new TokenReuse(app.widgetTokens, { reuseMs: TOKEN_REUSE_MS, maxEntries: 50_000 });
  const deps = { db: app.db, verifier: opts.verifier, widgetTokens: app.widgetTokens, tokens, visits, sources: app.widgetSources };
  app.post(
    '',
    {
      bodyLimit: WIDGET_BODY_LIMITS.init,
      // The default key is the client address, with IPv6 grouped by /64 (one subscriber's block).
      config: { rateLimit: { max: WIDGET_RATE_LIMITS.init.max, timeWindow: WIDGET_RATE_LIMITS.init.timeWindowMs } },
      schema: {
        tags: ['widget'],
        summary: 'Start or resume a visitor conversation and get a widget token',
        operationId: 'initWidget',
        body: InitBody,
        response: {
          200: InitResponse,
          ...WIDGET_ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const body = request.body as InitBody;
      if ((body.embed_token === undefined) === (body.bot_id === undefined)) {
        throw badRequest('Send exactly one of embed_token and bot_id', [{ path: 'body', message: 'needs embed_token or bot_id, not both' }]);
      }
      try {
        const answer = await initVisitor(deps, body, request.headers.origin, isOwnOrigin(request.headers));
        // A returning visitor's answer comes already serialized (same schema, same serializer).
        if (Buffer.isBuffer(answer)) reply.type('application/json; charset=utf-8');
        return answer;
      } catch (err) {
        // The provisional CORS grant (the origin is listed somewhere) is taken back: this widget refused it.
        if (isOriginRefusal(err)) withdrawCors(reply);
        throw err;
      }
    },
  );
}
