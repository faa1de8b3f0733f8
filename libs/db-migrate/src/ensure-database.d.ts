import { type PgTarget } from './database-url';
/** CREATE DATABASE; fails if it exists. */
export declare function createDatabaseAt(target: PgTarget): Promise<void>;
/**
 * DROP DATABASE IF EXISTS ... WITH (FORCE) (Postgres 13+): pg's `pool.end()` resolves before
 * its sockets are closed, so the server may still count a just-closed connection as a user.
 */
export declare function dropDatabaseAt(target: PgTarget): Promise<void>;
/** Creates the database named in the URL unless it exists. Returns whether it created it. */
export declare function ensureDatabase(databaseUrl: string): Promise<{
    created: boolean;
}>;
/** Drops the database named in the URL if it exists, disconnecting its sessions (tests, scratch). */
export declare function dropDatabase(databaseUrl: string): Promise<void>;
