// The driver adapter the wasm schema engine talks to Postgres through: @prisma/adapter-pg on
// pools we own, so that every pool is closed when the session ends (jest open handles; and
// Postgres refuses to drop a database that still has connections).
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { PgTarget } from './database-url';
import type { ShadowProvider } from './shadow-database';
import { CharAsTextClient } from './pg-char-as-text';

interface OpenConnection {
  pool: pg.Pool;
  release?: () => Promise<void>;
  closed?: Promise<void>;
}

/**
 * An adapter factory for one engine session. adapter-pg's own `connectToShadowDb` drops its
 * database before closing the pool on it ("being accessed by other users") and never closes
 * its main pool; here the pool is closed first, then the shadow database released.
 */
export class SessionAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  private readonly open: OpenConnection[] = [];

  constructor(
    private readonly main: PgTarget,
    private readonly shadows?: ShadowProvider,
  ) {}

  connect(): Promise<SqlDriverAdapter> {
    return this.connectTo(this.main);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    if (!this.shadows) throw new Error('This operation needs a shadow database, and none was set up');
    const lease = await this.shadows();
    return this.connectTo(lease.target, lease.release);
  }

  private async connectTo(target: PgTarget, release?: () => Promise<void>): Promise<SqlDriverAdapter> {
    const pool = new pg.Pool({ ...target.config, Client: CharAsTextClient, max: 4 });
    pool.on('error', () => undefined); // an idle client dropped by the server: the next query reports it
    const connection: OpenConnection = { pool, ...(release ? { release } : {}) };
    this.open.push(connection);

    const adapter = await new PrismaPg(pool, { schema: target.schema }).connect();
    // adapter-pg runs a migration script by splitting it on every ";", which cuts a function
    // body ($$ ... ; ... $$) in pieces. Postgres takes a whole multi-statement script in one
    // simple query, so it is sent whole; errors still go through adapter-pg's own mapping.
    const mapError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      await pool.query(script).catch(mapError);
    };
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await this.closeConnection(connection);
    };
    return adapter;
  }

  /** Closes the pool, then releases (drops) its shadow database. Idempotent. */
  private closeConnection(connection: OpenConnection): Promise<void> {
    connection.closed ??= (async () => {
      await connection.pool.end().catch(() => undefined);
      await connection.release?.();
    })();
    return connection.closed;
  }

  /** Closes everything this factory opened (the engine does not dispose its main adapter). */
  async close(): Promise<void> {
    const results = await Promise.allSettled(this.open.splice(0).map((c) => this.closeConnection(c)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }
}
