import { Redis } from 'ioredis';
import pg from 'pg';
import { pgConfigFromUrl } from '@parley/db';

const CHECK_TIMEOUT_MS = 3000;

export const POSTGRES_START = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
export const REDIS_START = 'redis-server --daemonize yes';

/** The URL with its password replaced, fit to print. */
export function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}

const reasonOf = (err: unknown): string => {
  const e = err as { code?: string; message?: string };
  const message = (e.message ?? String(err)).split('\n')[0] ?? '';
  return e.code && !message.includes(e.code) ? `${e.code}: ${message}` : message;
};

/**
 * Connects to the server's maintenance database (the app database may not exist yet; creating it
 * is the next step) and runs one query. Returns a message for the developer, or undefined.
 */
export async function checkPostgres(databaseUrl: string): Promise<string | undefined> {
  const client = new pg.Client({ ...pgConfigFromUrl(databaseUrl), database: 'postgres', connectionTimeoutMillis: CHECK_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    // 28xxx: the server answered but refused the login, so starting it is not the fix.
    if (code.startsWith('28')) {
      return `Postgres at ${maskUrl(databaseUrl)} refused the login (${reasonOf(err)}).\n  Check the user and password in DATABASE_URL.`;
    }
    return `Cannot reach Postgres at ${maskUrl(databaseUrl)} (${reasonOf(err)}).\n  Start it with:  ${POSTGRES_START}\n  or point DATABASE_URL at a running server.`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function checkRedis(redisUrl: string): Promise<string | undefined> {
  // No retries and no offline queue: one attempt, answered quickly either way.
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: CHECK_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // ioredis rejects with a bland "Connection is closed"; the socket error says why.
  let socketError: unknown;
  redis.on('error', (err) => {
    socketError ??= err;
  });
  try {
    await redis.connect();
    const answer = await redis.ping();
    if (answer !== 'PONG') throw new Error(`unexpected PING answer ${answer}`);
    return undefined;
  } catch (err) {
    return `Cannot reach Redis at ${maskUrl(redisUrl)} (${reasonOf(socketError ?? err)}).\n  Start it with:  ${REDIS_START}\n  or point REDIS_URL at a running server.`;
  } finally {
    redis.disconnect();
  }
}

/** Both checks at once; every problem found, so one run tells the developer everything. */
export async function preflight(urls: { databaseUrl: string; redisUrl: string }): Promise<string[]> {
  const problems = await Promise.all([checkPostgres(urls.databaseUrl), checkRedis(urls.redisUrl)]);
  return problems.filter((p): p is string => p !== undefined);
}
