import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import { AppError, ErrorCode } from '@parley/contracts';
import { batchedRedisStore } from './batched-redis-store';

/**
 * `@fastify/rate-limit` on the shared Redis, so limits hold across every node. Nothing is limited
 * globally; routes opt in with `config.rateLimit`. Every 429 carries Retry-After and our error
 * shape with RATE_LIMITED. The store counts like the plugin's RedisStore, with the same keys, but
 * sends the counts of one event-loop turn as one script call (batched-redis-store.ts).
 */
export const rateLimitPlugin = fp(
  async (app) => {
    await app.register(rateLimit, {
      global: false,
      store: batchedRedisStore(app.redis, app.redisNs.key('rl') + ':'),
      // A Redis hiccup should not lock everyone out, nor let everyone through unnoticed.
      skipOnError: false,
      addHeadersOnExceeding: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true },
      addHeaders: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true, 'retry-after': true },
      errorResponseBuilder: (_request, context) =>
        new AppError(429, ErrorCode.RATE_LIMITED, `Too many requests: try again in ${context.after}`, undefined, {
          'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))),
        }),
    });
  },
  { name: 'parley-rate-limit', fastify: '5.x', dependencies: ['parley-bus'] },
);
