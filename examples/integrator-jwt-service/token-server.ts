import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { signIdentityAssertion } from '@parley/identity-signer';
import type { TokenServiceConfig } from './config';
import { createRateLimiter, type RateLimitOptions } from './rate-limit';

const MAX_BODY_BYTES = 4096;
/** 10 tokens at once, then one every 6 s per address: far more than a page load needs. */
const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 10, refillPerSecond: 1 / 6 };

/** The HTTP service, not yet listening (server.ts listens; tests listen on a free port). */
export function createTokenServer(config: TokenServiceConfig, rateLimit: RateLimitOptions = DEFAULT_RATE_LIMIT): Server {
  const limiter = createRateLimiter(rateLimit);

  return createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // The cause goes to your logs; the caller learns nothing about keys or configuration.
      console.error('parley-token: signing failed', err);
      if (!res.headersSent) send(res, 500, { error: 'internal_error' });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/parley-token') return send(res, 404, { error: 'not_found' });
    if (req.method !== 'POST') return send(res, 405, { error: 'method_not_allowed' }, { allow: 'POST' });

    // Behind a reverse proxy this is the proxy's address: use the client address your proxy
    // sets (X-Forwarded-For, read only from proxies you trust) or rate-limit at the proxy.
    const decision = limiter.take(req.socket.remoteAddress ?? 'unknown');
    if (!decision.allowed) {
      return send(res, 429, { error: 'rate_limited' }, { 'retry-after': String(decision.retryAfterSeconds) });
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return send(res, 415, { error: 'expected application/json' });
    }
    const body = await readBody(req);
    // Closing the connection means the unread rest of the body is never parsed as a request.
    if (body === undefined) return send(res, 413, { error: 'body too large' }, { connection: 'close' });

    // ┌──────────────────────────────────────────────────────────────────────────────────────┐
    // │ DEMO ONLY: the user comes from the request body, so anyone who can reach this        │
    // │ endpoint can sign in to Parley as anyone. In your application take the user from     │
    // │ YOUR OWN authenticated session (cookie, session store, your auth middleware) and     │
    // │ ignore whatever the browser claims. Return 401 when there is no signed-in user.      │
    // └──────────────────────────────────────────────────────────────────────────────────────┘
    const user = parseUser(body);
    if (typeof user === 'string') return send(res, 400, { error: user });

    const signed = await signIdentityAssertion(config.credentials, user, {
      ...(config.audience ? { audience: config.audience } : {}),
      ...(config.ttlSeconds ? { ttlSeconds: config.ttlSeconds } : {}),
    });
    return send(res, 200, { jwt: signed.jwt, expires_in: signed.expiresIn });
  }
}

function parseUser(body: string): { userId: string; name?: string; email?: string } | string {
  let input: unknown;
  try {
    input = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  if (typeof input !== 'object' || input === null) return 'body must be a JSON object';
  const { user_id: userId, name, email } = input as Record<string, unknown>;
  const text = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;
  if (!text(userId, 255)) return 'user_id must be a string of 1-255 characters';
  if (name !== undefined && !text(name, 255)) return 'name must be a string of 1-255 characters';
  if (email !== undefined && !(text(email, 254) && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email as string))) {
    return 'email is not an e-mail address';
  }
  return {
    userId: userId as string,
    ...(name !== undefined ? { name: name as string } : {}),
    ...(email !== undefined ? { email: email as string } : {}),
  };
}

/** The body as text, or undefined once it passes MAX_BODY_BYTES (reading stops there). */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    // A signed assertion is a credential: no browser or proxy cache may keep it.
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}
