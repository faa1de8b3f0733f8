// Creating and dropping databases goes through the `postgres` maintenance database: a database
// cannot be created (or dropped) from a connection to itself.
import pg from 'pg';
import { parseDatabaseUrl, quoteIdent, withDatabase, type PgTarget } from './database-url';
import { toMigrationError } from './errors';

const DUPLICATE_DATABASE = '42P04';

async function withMaintenanceClient<T>(target: PgTarget, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(withDatabase(target, 'postgres').config);
  client.on('error', () => undefined); // a dropped connection surfaces through the pending query
  try {
    await client.connect();
    return await work(client);
  } catch (error) {
    throw toMigrationError(error, target);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** CREATE DATABASE; fails if it exists. */
export async function createDatabaseAt(target: PgTarget): Promise<void> {
  await withMaintenanceClient(target, (client) => client.query(`CREATE DATABASE ${quoteIdent(target.config.database)}`));
}

/**
 * DROP DATABASE IF EXISTS ... WITH (FORCE) (Postgres 13+): pg's `pool.end()` resolves before
 * its sockets are closed, so the server may still count a just-closed connection as a user.
 */
export async function dropDatabaseAt(target: PgTarget): Promise<void> {
  await withMaintenanceClient(target, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(target.config.database)} WITH (FORCE)`),
  );
}

/** Creates the database named in the URL unless it exists. Returns whether it created it. */
export async function ensureDatabase(databaseUrl: string): Promise<{ created: boolean }> {
  const target = parseDatabaseUrl(databaseUrl);
  return withMaintenanceClient(target, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.config.database]);
    if (found.rowCount) return { created: false };
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(target.config.database)}`);
      return { created: true };
    } catch (error) {
      // Another process created it between our check and our CREATE: that is fine.
      if ((error as { code?: string }).code === DUPLICATE_DATABASE) return { created: false };
      throw error;
    }
  });
}

/** Drops the database named in the URL if it exists, disconnecting its sessions (tests, scratch). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  await dropDatabaseAt(parseDatabaseUrl(databaseUrl));
}
