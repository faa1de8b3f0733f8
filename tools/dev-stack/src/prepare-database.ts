import path from 'node:path';
import { readPreviousDemoCredentials, seedDemo, type DemoSeed } from '@parley/admin-cli';
import { createDb } from '@parley/db';
import { applyMigrations, ensureDatabase } from '@parley/db-migrate';
import { DEMO_STATE_FILE } from './state-file';

/** Creates the database if needed, applies pending migrations and seeds the demo tenant. */
export async function prepareDatabase(opts: {
  databaseUrl: string;
  allowedOrigin: string;
  /** Where the previous run's demo.json is: its once-shown credentials are reused while still live. */
  stateDir: string;
  log: (line: string) => void;
}): Promise<DemoSeed> {
  const { created } = await ensureDatabase(opts.databaseUrl);
  if (created) opts.log('created the database');
  const { applied } = await applyMigrations({ databaseUrl: opts.databaseUrl });
  opts.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database schema is up to date');
  const db = createDb({ databaseUrl: opts.databaseUrl, poolSize: 2, applicationName: 'parley-dev-stack' });
  try {
    const previous = await readPreviousDemoCredentials(path.join(opts.stateDir, DEMO_STATE_FILE));
    return await seedDemo(db, { allowedOrigin: opts.allowedOrigin, previous });
  } finally {
    await db.$disconnect().catch(() => undefined);
  }
}
