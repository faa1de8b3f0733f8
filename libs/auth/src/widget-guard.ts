import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '@parley/contracts';
import { asOrgId, type OrgId } from '@parley/db';
import { createWidgetTokenService, type WidgetClaims, type WidgetTokenService } from '@parley/security';

/** A verified widget token's claims, with the organization id branded for repository calls. */
export type WidgetAuth = Omit<WidgetClaims, 'orgId'> & { orgId: OrgId };

/** Picks the conversation a request is about (from params, body, ...), or undefined if none. */
export type ConversationPicker = (request: FastifyRequest) => string | undefined;

declare module 'fastify' {
  interface FastifyInstance {
    /** The one widget token service of this process (WIDGET_JWT_SECRETS): sign and verify. */
    widgetTokens: WidgetTokenService;
  }
  interface FastifyRequest {
    /**
     * The claims of the widget token in `Authorization: Bearer`, or null when there is none or
     * it does not verify. Routes that need one use `requireWidgetToken()`, which says why.
     */
    loadWidget(): Promise<WidgetAuth | null>;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header && /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

const toWidgetAuth = (claims: WidgetClaims): WidgetAuth => ({ ...claims, orgId: asOrgId(claims.orgId) });
const verified = new WeakMap<FastifyRequest, Promise<WidgetAuth | null>>();

/** Called by the auth plugin: one service per process, so every route verifies with the same keyring. */
export function installWidgetTokens(app: FastifyInstance, widgetJwtSecrets: string): void {
  const service = createWidgetTokenService(widgetJwtSecrets);
  app.decorate('widgetTokens', service);
  app.decorateRequest('loadWidget', function loadWidget(this: FastifyRequest) {
    let pending = verified.get(this);
    if (!pending) {
      const token = bearerToken(this);
      pending = token ? service.verify(token).then(toWidgetAuth, () => null) : Promise.resolve(null);
      verified.set(this, pending);
    }
    return pending;
  });
}

/**
 * Widget routes: a valid widget token (401 TOKEN_INVALID / TOKEN_EXPIRED otherwise) and, when
 * `pickConversation` finds a conversation id in the request, a token issued for exactly that
 * conversation (401 TOKEN_SCOPE_MISMATCH), so a visitor's token never reads someone else's chat.
 */
export function requireWidgetToken(pickConversation?: ConversationPicker) {
  return async function widgetGuard(request: FastifyRequest): Promise<void> {
    const token = bearerToken(request);
    if (!token) throw new AppError(401, ErrorCode.TOKEN_INVALID, 'A widget token is required (Authorization: Bearer <token>)');
    const conversationId = pickConversation?.(request);
    const claims = await request.server.widgetTokens.verify(token, conversationId === undefined ? {} : { conversationId });
    verified.set(request, Promise.resolve(toWidgetAuth(claims)));
  };
}
