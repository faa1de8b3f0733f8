import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { apiKeyRepository, type OrgId } from '@parley/db';
import { hashToken } from '@parley/security';
import { cookiesPlugin, type CookieOptions } from './cookies';
import { SessionStore, type AgentSession } from './session-store';
import { bearerToken, installWidgetTokens } from './widget-guard';

export const SESSION_COOKIE = 'session';
/** `last_used_at` is for humans; writing it on every request would turn reads into writes. */
const API_KEY_TOUCH_INTERVAL_MS = 60_000;

export interface AuthOptions {
  sessionTtlSeconds: number;
  /** Secure cookies (the reference's requireHTTPS). */
  requireHttps: boolean;
  /** WIDGET_JWT_SECRETS: the keyring of `app.widgetTokens` (first kid signs, every kid verifies). */
  widgetJwtSecrets: string;
}

export type AuthenticatedAgent = AgentSession & { sessionId: string };
export interface AuthenticatedApiKey {
  id: string;
  orgId: OrgId;
  scopes: string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionStore;
    sessionCookie: { name: string; options: CookieOptions };
  }
  interface FastifyRequest {
    /** The agent behind the `session` cookie, looked up once per request; null if none. */
    loadAgent(): Promise<AuthenticatedAgent | null>;
    /** The API key in `Authorization: Bearer`, looked up once per request; null if none. */
    loadApiKey(): Promise<AuthenticatedApiKey | null>;
  }
}

/**
 * Identity for every service: the session cookie (agents), API keys (servers) and widget tokens
 * (visitors). Routes opt in with the guards in `guards.ts` and `widget-guard.ts`; lookups are
 * lazy so public routes pay nothing.
 */
export const authPlugin = fp<AuthOptions>(
  async (app, opts) => {
    await app.register(cookiesPlugin);
    const sessions = new SessionStore(app.redis, app.redisNs, opts.sessionTtlSeconds);
    const apiKeys = apiKeyRepository(app.db);
    app.decorate('sessions', sessions);
    installWidgetTokens(app, opts.widgetJwtSecrets);
    app.decorate('sessionCookie', {
      name: SESSION_COOKIE,
      options: { httpOnly: true, sameSite: 'lax' as const, secure: opts.requireHttps, path: '/', maxAge: opts.sessionTtlSeconds },
    });

    const agentCache = new WeakMap<FastifyRequest, Promise<AuthenticatedAgent | null>>();
    app.decorateRequest('loadAgent', function loadAgent(this: FastifyRequest) {
      let pending = agentCache.get(this);
      if (!pending) {
        const sessionId = this.cookies[SESSION_COOKIE];
        pending = sessionId
          ? sessions.get(sessionId).then((s) => (s ? { ...s, sessionId } : null))
          : Promise.resolve(null);
        agentCache.set(this, pending);
      }
      return pending;
    });

    const keyCache = new WeakMap<FastifyRequest, Promise<AuthenticatedApiKey | null>>();
    app.decorateRequest('loadApiKey', function loadApiKey(this: FastifyRequest) {
      let pending = keyCache.get(this);
      if (!pending) {
        const token = bearerToken(this);
        pending = token
          ? apiKeys.findActiveByHash(hashToken(token)).then((key) => {
              if (!key) return null;
              if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > API_KEY_TOUCH_INTERVAL_MS) {
                apiKeys.touch(key.id).catch((err: unknown) => this.log.warn({ err }, 'could not record API key use'));
              }
              return { id: key.id, orgId: key.orgId, scopes: key.scopes };
            })
          : Promise.resolve(null);
        keyCache.set(this, pending);
      }
      return pending;
    });
  },
  { name: 'parley-auth', fastify: '5.x', dependencies: ['parley-db', 'parley-bus'] },
);
