import { loadServiceConfig, type ServiceName } from '@parley/config';
import type { Db } from '@parley/db';
import { createServiceDeps } from '@parley/service-kit';
import { createTestDatabase, createTestRedis } from '@parley/testing';
import prepareTemplateDatabase from '../../libs/testing/src/global-setup';

export interface ScratchInfra {
  /** A client for seeding; the services get their own connections. */
  db: Db;
  /** The env a service's `main.ts` needs to use this database and Redis namespace. */
  env: { DATABASE_URL: string; REDIS_URL: string; REDIS_PREFIX: string };
  /** Config and clients exactly as the service's `main.ts` makes them (pool sizes included). */
  serviceSetup<N extends ServiceName>(service: N): { config: ReturnType<typeof loadServiceConfig<N>>; deps: ReturnType<typeof createServiceDeps> };
  /** Deletes the namespace's keys and drops the database. */
  remove(): Promise<void>;
}

/**
 * A scratch database cloned from the migrated template (built first if the migrations changed)
 * and a Redis namespace of its own, so a benchmark never touches development data.
 */
export async function createScratchInfra(label: string): Promise<ScratchInfra> {
  await prepareTemplateDatabase();
  const database = await createTestDatabase();
  const redis = createTestRedis(label);
  const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, REDIS_PREFIX: redis.ns.prefix };
  return {
    db: database.db,
    env,
    serviceSetup(service) {
      const config = loadServiceConfig(service, env);
      return { config, deps: createServiceDeps(service, config) };
    },
    async remove() {
      await redis.cleanup();
      await database.drop();
    },
  };
}
