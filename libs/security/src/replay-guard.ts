import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Only what the guard uses, so any ioredis client (or cluster) fits and tests need no wrapper. */
export type ReplayRedis = Pick<Redis, 'set'>;
/** `RedisNamespace` from @parley/bus satisfies this; typed structurally to keep this lib below the bus. */
export interface ReplayKeyNamespace {
  key(...parts: string[]): string;
}

export interface ReplayGuard {
  /** True the first time a (issuer, jti) pair is seen before `expiresAt`; false on every reuse. */
  claim(jti: string, issuer: string, expiresAt: Date): Promise<boolean>;
}

/** Never keep a key for less than this, so a token at the edge of its validity is still remembered. */
const MIN_TTL_MS = 1000;

/**
 * One-time use of identity assertions across every node: `SET NX` is atomic in Redis, so two
 * nodes racing on the same token cannot both win. The key expires with the token; after that the
 * token is refused as expired anyway, so nothing needs remembering. The jti is hashed because it
 * is the sender's free text (any length, any characters) and should not shape our key names.
 */
export function createReplayGuard(
  redis: ReplayRedis,
  ns: ReplayKeyNamespace,
  opts: { now?: () => Date } = {},
): ReplayGuard {
  const now = opts.now ?? (() => new Date());
  return {
    async claim(jti, issuer, expiresAt) {
      const key = ns.key('jti', issuer, createHash('sha256').update(jti, 'utf8').digest('hex'));
      const ttlMs = Math.max(MIN_TTL_MS, expiresAt.getTime() - now().getTime());
      return (await redis.set(key, '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
  };
}
