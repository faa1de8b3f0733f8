// Shadow databases: where the engine replays the migrations to learn their end state (creating
// a migration, diffing, checking drift). The engine asks for a fresh one for every replay.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parseDatabaseUrl, quoteIdent, withDatabase, type PgTarget } from './database-url';
import { createDatabaseAt, dropDatabaseAt } from './ensure-database';

export interface ShadowLease {
  target: PgTarget;
  /** Called once the lease's pool is closed: Postgres cannot drop a database in use. */
  release(): Promise<void>;
}

/** Hands out an empty shadow database per replay. */
export type ShadowProvider = () => Promise<ShadowLease>;

/** A new `<db>_shadow_<random>` per replay, dropped when the engine is done with it. */
export function temporaryShadows(main: PgTarget): ShadowProvider {
  return async () => {
    // Postgres truncates identifiers at 63 bytes: shorten the prefix, keep the random suffix.
    const name = `${main.config.database.slice(0, 40)}_shadow_${randomBytes(6).toString('hex')}`;
    const target = withDatabase(main, name);
    await createDatabaseAt(target);
    return { target, release: () => dropDatabaseAt(target) };
  };
}

/**
 * A database the caller dedicated to this (e.g. no CREATEDB right). The engine replays into it
 * without emptying it first, so we empty its schema before each replay.
 */
export function fixedShadow(shadowDatabaseUrl: string): ShadowProvider {
  const target = parseDatabaseUrl(shadowDatabaseUrl);
  return async () => {
    const client = new pg.Client(target.config);
    try {
      await client.connect();
      const schema = quoteIdent(target.schema);
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    return { target, release: async () => undefined };
  };
}
