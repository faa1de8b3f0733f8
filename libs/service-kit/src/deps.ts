import type { BaseServiceConfig, ServiceName } from '@parley/config';
import { createRedis, RedisNamespace, type RedisDeps } from '@parley/bus';
import { createDb, type Db } from '@parley/db';

/** Everything a service's `buildApp` needs from the outside world. Tests build their own. */
export interface ServiceDeps {
  db: Db;
  redis: RedisDeps;
  /**
   * For the few things that need their own connection rather than the pool (LISTEN for change
   * notifications). Without it they are skipped and caches rely on their TTLs alone.
   */
  databaseUrl?: string;
}

/** What `main.ts` creates from config. Kept here so the four services do it identically. */
export function createServiceDeps(service: ServiceName, config: BaseServiceConfig): ServiceDeps {
  const name = (role: string) => `${config.REDIS_PREFIX}:${service}:${role}`;
  return {
    db: createDb({ databaseUrl: config.DATABASE_URL, applicationName: `parley-${service}` }),
    databaseUrl: config.DATABASE_URL,
    redis: {
      redis: createRedis({ url: config.REDIS_URL, connectionName: name('cmd') }),
      subscriber: createRedis({ url: config.REDIS_URL, connectionName: name('sub') }),
      queueConnection: createRedis({ url: config.REDIS_URL, connectionName: name('queue'), blocking: true }),
      ns: new RedisNamespace(config.REDIS_PREFIX),
    },
  };
}
