import fp from 'fastify-plugin';
import { parseCookie, stringifySetCookie, type SetCookie } from 'cookie';

export type CookieOptions = Omit<SetCookie, 'name' | 'value'>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's cookies, parsed on first use. */
    readonly cookies: Record<string, string | undefined>;
  }
  interface FastifyReply {
    setCookie(name: string, value: string, options?: CookieOptions): FastifyReply;
    clearCookie(name: string, options?: CookieOptions): FastifyReply;
  }
}

/**
 * Cookies through the `cookie` library. Not @fastify/cookie: it loads `cookie` with a dynamic
 * `import()`, which jest on Node 20 cannot run, and we only need parse and serialize.
 */
export const cookiesPlugin = fp(
  async (app) => {
    const parsed = new WeakMap<object, Record<string, string | undefined>>();
    app.decorateRequest('cookies', {
      getter(this: { headers: { cookie?: string } }) {
        let jar = parsed.get(this);
        if (!jar) parsed.set(this, (jar = this.headers.cookie ? parseCookie(this.headers.cookie) : {}));
        return jar;
      },
    });
    const append = (reply: import('fastify').FastifyReply, header: string) => {
      const existing = reply.getHeader('set-cookie');
      const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
      reply.header('set-cookie', [...list, header]);
      return reply;
    };
    app.decorateReply('setCookie', function setCookie(this: import('fastify').FastifyReply, name: string, value: string, options: CookieOptions = {}) {
      return append(this, stringifySetCookie({ ...options, name, value }));
    });
    app.decorateReply('clearCookie', function clearCookie(this: import('fastify').FastifyReply, name: string, options: CookieOptions = {}) {
      return append(this, stringifySetCookie({ ...options, name, value: '', expires: new Date(0), maxAge: 0 }));
    });
  },
  { name: 'parley-cookies', fastify: '5.x' },
);
