import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { SignJWT } from 'jose';
import { webcrypto } from 'node:crypto';
import type { Redis } from 'ioredis';
import { InitResponse } from '@parley/contracts';

/**
 * The least any resuming `/init` must do, with no database at all: the per-address limiter on
 * Redis, one HS256 widget token, and an answer of 30 messages serialized by the response
 * schema. Its throughput bounds what any implementation of resume can reach on this machine.
 */
export async function startFloorServer(redis: Redis, namespace: string, messages: number): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: '127.0.0.1' });
  await app.register(rateLimit, { global: false, redis, nameSpace: `${namespace}:floor-rl:` });
  const key = await webcrypto.subtle.importKey('raw', new Uint8Array(32).fill(7), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const id = '7d8c9b2e-1f3a-4c5d-8e9f-0a1b2c3d4e5f';
  const history = Array.from({ length: messages }, (_, i) => ({
    id,
    seq: i + 1,
    sender_type: i % 2 ? 'bot' : 'end_user',
    sender_id: 'v_bench',
    content_type: 'text',
    content: `Message number ${i + 1} of the seeded history, about this long.`,
    rich_media: null,
    created_at: new Date().toISOString(),
  }));
  app.post(
    '/',
    { config: { rateLimit: { max: 60, timeWindow: 60_000 } }, schema: { response: { 200: InitResponse } } },
    async () => {
      const token = await new SignJWT({ org: id, bot: id, conv: id, chn: id, eu: id })
        .setProtectedHeader({ alg: 'HS256', typ: 'parley-widget+jwt', kid: 'bench' })
        .setIssuer('parley')
        .setAudience('parley-widget')
        .setSubject('v_bench')
        .setIssuedAt()
        .setExpirationTime('1h')
        .setJti('bench')
        .sign(key);
      return {
        conversation_id: id,
        visitor_id: 'v_bench',
        verified: false,
        token,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        expires_in: 3600,
        bot: { id, name: 'Bench', greeting: 'Hi', theme: {}, lead_capture: {} },
        messages: history,
      };
    },
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  return app;
}
