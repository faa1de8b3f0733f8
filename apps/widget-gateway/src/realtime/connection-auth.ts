import type { IncomingHttpHeaders } from 'node:http';
import { parseCookie } from 'cookie';
import { AppError, ErrorCode } from '@parley/contracts';
import { SESSION_COOKIE, type SessionStore } from '@parley/auth';
import type { WidgetTokenService } from '@parley/security';
import { asOrgId } from '@parley/db';
import type { OriginPolicy } from '../origins/origin-policy';
import { isOwnOrigin } from '../origins/own-origin';
import type { Identity } from './realtime-client';

export interface ConnectionGate {
  /**
   * May a page on `origin` open a connection at all? No Origin (a native app, a server) may, and
   * neither may the widget iframe, on our own origin (the headers tell; see `isOwnOrigin`).
   */
  originAllowed(origin: string | undefined, headers?: IncomingHttpHeaders): Promise<boolean>;
  /** Who connects: an agent by session cookie (only from a console origin), else a visitor. */
  identify(headers: IncomingHttpHeaders, token: string | undefined): Promise<Identity>;
}

/**
 * The checks every realtime connection passes, whichever transport. CORS does not cover
 * WebSockets, so the Origin is checked here, on the handshake and on the upgrade: a console
 * origin, or an origin some live widget lists. The session cookie counts only from a console
 * origin (or with no Origin at all, which browsers always send): a page elsewhere cannot ride an
 * agent's cookie into the inbox (cross-site WebSocket hijacking). A widget token counts only on
 * an origin its bot allows.
 */
export function createConnectionGate(opts: {
  consoleOrigins: readonly string[];
  policy: OriginPolicy;
  sessions: SessionStore;
  widgetTokens: WidgetTokenService;
}): ConnectionGate {
  const consoles = new Set(opts.consoleOrigins);
  const single = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h);
  return {
    async originAllowed(origin, headers) {
      if (origin === undefined || (headers && isOwnOrigin(headers))) return true;
      return consoles.has(origin) || opts.policy.mayPreflight(origin);
    },
    async identify(headers, token) {
      const origin = single(headers.origin);
      const cookie = single(headers.cookie);
      const sessionId = cookie ? parseCookie(cookie)[SESSION_COOKIE] : undefined;
      // A widget token names the visitor outright: an agent's cookie that the browser adds to the
      // widget iframe's connection (same site as the inbox) must not turn it into the agent's.
      if (sessionId && token === undefined && (origin === undefined || consoles.has(origin))) {
        const session = await opts.sessions.get(sessionId);
        if (session) return { kind: 'agent', orgId: session.orgId, userId: session.userId, role: session.role };
      }
      if (token === undefined) return { kind: 'visitor', token: null };
      const claims = await opts.widgetTokens.verify(token);
      if (origin !== undefined && !isOwnOrigin(headers) && !(await opts.policy.botAllows(asOrgId(claims.orgId), claims.botId, origin))) {
        throw new AppError(403, ErrorCode.ORIGIN_NOT_ALLOWED, `Origin ${origin} is not allowed for this widget`);
      }
      return { kind: 'visitor', token: claims };
    },
  };
}
