import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rateLimited } from '@parley/contracts';

/** Failed logins allowed per window before further attempts get 429. */
export const LOGIN_LIMITS = {
  perAccount: { max: 5, windowMs: 15 * 60_000 },
  perIp: { max: 20, windowMs: 15 * 60_000 },
} as const;

const accountKey = (email: string) => `login-acct:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;

/**
 * Counts failed logins per account and per client IP in the shared rate-limit store (Redis), so
 * the limits hold across nodes. Only failures count; an attempt is refused once either counter
 * is full, even with the right password, which is what makes guessing pointless.
 */
export function createLoginThrottle(app: FastifyInstance) {
  const byAccount = app.createRateLimit({
    max: LOGIN_LIMITS.perAccount.max,
    timeWindow: LOGIN_LIMITS.perAccount.windowMs,
    keyGenerator: (req) => accountKey((req.body as { email: string }).email),
  });
  const byIp = app.createRateLimit({
    max: LOGIN_LIMITS.perIp.max,
    timeWindow: LOGIN_LIMITS.perIp.windowMs,
    keyGenerator: (req) => `login-ip:${req.ip}`,
  });

  return {
    /** Throws 429 with Retry-After if this account or address has used up its failures. */
    async assertAllowed(request: FastifyRequest): Promise<void> {
      const [account, ip] = await Promise.all([byAccount(request, { increment: false }), byIp(request, { increment: false })]);
      for (const state of [account, ip]) {
        if (!state.isAllowed && state.remaining === 0) {
          throw rateLimited(state.ttlInSeconds, 'Too many failed logins: try again later');
        }
      }
    },
    async recordFailure(request: FastifyRequest): Promise<void> {
      await Promise.all([byAccount(request), byIp(request)]);
    },
  };
}
