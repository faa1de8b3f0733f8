import { closeRedis, createRedis, type RedisDeps } from '@parley/bus';
import { createDb, type Db } from '@parley/db';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestRedis, type TestRedis } from './test-redis';

export interface ServiceTestDeps {
  db: Db;
  redis: RedisDeps;
  databaseUrl: string;
}

export interface TestInfra {
  /** A client for the test itself (seeding, assertions); closed after the file. */
  readonly db: Db;
  readonly databaseUrl: string;
  /** Redis connections for the test itself, under the file's namespace. */
  readonly redis: RedisDeps;
  readonly redisUrl: string;
  /**
   * New connections for one `buildApp` call: the app owns and closes them, like in production,
   * so a file can build and close several apps. Anything left open is closed after the file.
   */
  deps(): ServiceTestDeps;
}

/**
 * Call at the top of a test file: gives the file its own database (cloned from the migrated
 * template) and its own Redis namespace before its tests run, and removes both afterwards.
 */
export function useTestInfra(): TestInfra {
  let database: TestDatabase | undefined;
  let redis: TestRedis | undefined;
  const handedOut: ServiceTestDeps[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
  });
  afterAll(async () => {
    for (const d of handedOut) {
      await d.db.$disconnect().catch(() => undefined);
      await Promise.all([closeRedis(d.redis.redis), closeRedis(d.redis.subscriber), closeRedis(d.redis.queueConnection)]);
    }
    await redis?.cleanup();
    await database?.drop();
  });

  const need = <T>(value: T | undefined): T => {
    if (!value) throw new Error('useTestInfra() values are available inside tests and hooks only');
    return value;
  };
  return {
    get db() {
      return need(database).db;
    },
    get databaseUrl() {
      return need(database).url;
    },
    get redis() {
      return need(redis);
    },
    get redisUrl() {
      return need(redis).url;
    },
    deps() {
      const ns = need(redis).ns;
      const url = need(redis).url;
      const make = (role: string, blocking = false) =>
        createRedis({ url, connectionName: `${ns.prefix}:app-${role}`, blocking });
      const d: ServiceTestDeps = {
        db: createDb({ databaseUrl: need(database).url, poolSize: 5, applicationName: 'parley-test-app' }),
        databaseUrl: need(database).url,
        redis: { redis: make('cmd'), subscriber: make('sub'), queueConnection: make('queue', true), ns },
      };
      handedOut.push(d);
      return d;
    },
  };
}
