// Turns `postgresql://user:pass@host:port/db?schema=...` into a pg config object. We pass pg
// objects, never connection strings: pg's string parser treats some query parameters
// (e.g. `schema`) as unknown options and mis-handles percent-encoding in edge cases.
import type { PoolConfig } from 'pg';

export interface PgTarget {
  /** Connection settings for `pg` (no `connectionString`). */
  config: PoolConfig & { database: string };
  /** Postgres schema Prisma works in (`?schema=`), `public` by default. */
  schema: string;
}

export function parseDatabaseUrl(databaseUrl: string): PgTarget {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error(`Invalid database URL: ${redact(databaseUrl)}`);
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error(`Only postgresql:// URLs are supported, got ${url.protocol}//`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new Error(`The database URL names no database: ${redact(databaseUrl)}`);

  const config: PgTarget['config'] = {
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || 'postgres',
    database,
  };
  if (url.password) config.password = decodeURIComponent(url.password);
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode && sslmode !== 'disable') config.ssl = { rejectUnauthorized: sslmode === 'verify-full' };

  return { config, schema: url.searchParams.get('schema') || 'public' };
}

/** The same server and credentials, another database (shadow and maintenance connections). */
export function withDatabase(target: PgTarget, database: string): PgTarget {
  return { config: { ...target.config, database }, schema: target.schema };
}

/** URL with the password masked, for error messages. */
export function redact(databaseUrl: string): string {
  return databaseUrl.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/** `"name"` with embedded quotes doubled: safe identifier for CREATE/DROP DATABASE. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
