import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type Db = InstanceType<typeof PrismaClient>;

export interface DbOptions {
  databaseUrl: string;
  /** Connections in this process's pool. */
  poolSize?: number;
  applicationName?: string;
}

/** pg wants a config object: a URL's query string (e.g. `?schema=`) is not understood by pg itself. */
export function pgConfigFromUrl(databaseUrl: string) {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username || 'postgres'),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, '') || 'postgres'),
  };
}

const pools = new WeakMap<Db, pg.Pool>();

/**
 * A Prisma 7 client on the pg driver adapter (no native query engine is needed). The pool is
 * ours so that `hotSql` can use it too; `$disconnect` still ends it.
 */
export function createDb(opts: DbOptions): Db {
  const pool = new pg.Pool({
    ...pgConfigFromUrl(opts.databaseUrl),
    max: opts.poolSize ?? 10,
    application_name: opts.applicationName ?? 'parley',
    connectionTimeoutMillis: 5000,
  });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/** The pg pool under a client made by `createDb`. */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('This Prisma client was not made by createDb: it has no pool of ours');
  return pool;
}

/** Cheap liveness query used by readiness probes. */
export async function pingDb(db: Db): Promise<void> {
  await db.$queryRawUnsafe('SELECT 1');
}
