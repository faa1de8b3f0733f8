// `prisma migrate deploy`: apply every migration not yet recorded in `_prisma_migrations`.
// Never generates SQL and needs no shadow database, so it is what production and tests run.
import { withEngine } from './engine-session';
import { ensureDatabase } from './ensure-database';
import { readMigrationsList } from './migrations-dir';
import { NO_FILTERS, resolveOptions, type CommonOptions } from './options';

export type ApplyMigrationsOptions = CommonOptions;

export async function applyMigrations(options: ApplyMigrationsOptions): Promise<{ applied: string[] }> {
  const opts = resolveOptions(options);
  // Like `migrate deploy`, create the database first if it does not exist.
  await ensureDatabase(opts.databaseUrl);
  const migrationsList = await readMigrationsList(opts.migrationsDir);
  return withEngine(opts, async ({ engine }) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return { applied: appliedMigrationNames };
  });
}
