import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireWidgetToken, type WidgetAuth } from '@parley/auth';
import type { OriginPolicy } from './origin-policy';
import { isOwnOrigin } from './own-origin';
import { originNotAllowed, withdrawCors } from './widget-cors';

/**
 * The guard of every widget-token route: a valid token (401 otherwise), then, when a browser
 * sent an Origin, one that the token's bot allows (403 ORIGIN_NOT_ALLOWED). Checking here, before
 * the handler, matters: a refused CORS response still runs the handler, so only refusing the
 * request keeps another site's page from writing leads or events with a leaked token. Callers
 * without an Origin (servers, tests, native apps) and the widget iframe (our own origin) are
 * judged by the token alone.
 */
export function requireWidget(policy: OriginPolicy) {
  const tokenGuard = requireWidgetToken();
  return async function widgetGuard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    await tokenGuard(request);
    const origin = request.headers.origin;
    if (origin === undefined || isOwnOrigin(request.headers)) return;
    const auth = (await request.loadWidget())!;
    if (!(await policy.botAllows(auth.orgId, auth.botId, origin))) {
      withdrawCors(reply);
      throw originNotAllowed(origin);
    }
  };
}

/** The verified claims; only inside routes guarded by `requireWidget`. */
export async function widgetAuth(request: FastifyRequest): Promise<WidgetAuth> {
  const auth = await request.loadWidget();
  if (!auth) throw new Error('widgetAuth() used on a route without requireWidget()');
  return auth;
}
