import { randomBytes } from 'node:crypto';
import { closeRedis, createRedis, RedisNamespace, type RedisDeps } from '@parley/bus';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis extends RedisDeps {
  url: string;
  /** Deletes every key of this namespace and closes the connections. */
  cleanup(): Promise<void>;
}

/** Connections under a namespace of their own, so test files never see each other's keys. */
export function createTestRedis(label = 'test'): TestRedis {
  const ns = new RedisNamespace(`${label}-${randomBytes(5).toString('hex')}`);
  const make = (role: string, blocking = false) =>
    createRedis({ url: TEST_REDIS_URL, connectionName: `${ns.prefix}:${role}`, blocking });
  const deps = { redis: make('cmd'), subscriber: make('sub'), queueConnection: make('queue', true), ns };
  return {
    ...deps,
    url: TEST_REDIS_URL,
    async cleanup() {
      const sweeper = make('sweep');
      let cursor = '0';
      do {
        const [next, keys] = await sweeper.scan(cursor, 'MATCH', `${ns.prefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await sweeper.del(...keys);
      } while (cursor !== '0');
      await Promise.all([closeRedis(sweeper), closeRedis(deps.redis), closeRedis(deps.subscriber), closeRedis(deps.queueConnection)]);
    },
  };
}
