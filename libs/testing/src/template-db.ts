import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma/migrations');

/** The server tests run against; CI and every developer machine have it on 127.0.0.1. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function urlForDatabase(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A template per migrations content: editing a migration makes the next run build a new one. */
export function templateName(): string {
  const hash = createHash('sha256');
  if (existsSync(MIGRATIONS_DIR)) {
    for (const dir of readdirSync(MIGRATIONS_DIR).sort()) {
      const file = path.join(MIGRATIONS_DIR, dir, 'migration.sql');
      if (existsSync(file)) hash.update(dir).update(readFileSync(file));
    }
  }
  return `parley_tpl_${hash.digest('hex').slice(0, 12)}`;
}

export async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const url = new URL(TEST_SERVER_URL);
  const client = new Client({
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: url.pathname.slice(1) || 'postgres',
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
