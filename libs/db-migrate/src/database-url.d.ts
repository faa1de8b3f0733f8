import type { PoolConfig } from 'pg';
export interface PgTarget {
    /** Connection settings for `pg` (no `connectionString`). */
    config: PoolConfig & {
        database: string;
    };
    /** Postgres schema Prisma works in (`?schema=`), `public` by default. */
    schema: string;
}
export declare function parseDatabaseUrl(databaseUrl: string): PgTarget;
/** The same server and credentials, another database (shadow and maintenance connections). */
export declare function withDatabase(target: PgTarget, database: string): PgTarget;
/** URL with the password masked, for error messages. */
export declare function redact(databaseUrl: string): string;
/** `"name"` with embedded quotes doubled: safe identifier for CREATE/DROP DATABASE. */
export declare function quoteIdent(name: string): string;
