// `prisma migrate dev --create-only`: write the next migration folder from the difference
// between the existing migrations (replayed on a shadow database) and schema.prisma. The new
// migration is written, never applied.
import { withEngine } from './engine-session';
import { ensureDatabase } from './ensure-database';
import { readMigrationsList, writeMigration } from './migrations-dir';
import { NO_FILTERS, resolveOptions, type CommonOptions } from './options';

export interface CreateMigrationOptions extends CommonOptions {
  /** Becomes the folder name suffix: `<YYYYMMDDHHMMSS>_<name>`. */
  name: string;
  /** A database dedicated to replaying migrations; default: temporary `<db>_shadow_<random>`. */
  shadowDatabaseUrl?: string;
}

export type CreateMigrationResult = { path: string } | { path: null; reason: 'no-changes' };

export async function createMigration(options: CreateMigrationOptions): Promise<CreateMigrationResult> {
  const opts = resolveOptions(options);
  if (!/^[A-Za-z0-9_-]+$/.test(options.name)) {
    throw new Error(`Migration name must use only letters, digits, "_" and "-": "${options.name}"`);
  }
  await ensureDatabase(opts.databaseUrl);
  const migrationsList = await readMigrationsList(opts.migrationsDir);
  const shadow = options.shadowDatabaseUrl ? { url: options.shadowDatabaseUrl } : ('temporary' as const);

  return withEngine({ ...opts, shadow }, async ({ engine, schemaFiles }) => {
    // As `migrate dev` does, bring the dev database up to date with the existing migrations
    // first. It matters for the wasm engine: createMigration has no shadow database of its own
    // and reuses the end state devDiagnostic computed for the migrations applied to the dev
    // database; unless that is all of them it fails with "shadow DB must be provided through
    // an external factory".
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    for (const name of appliedMigrationNames) opts.log?.(`Applied pending migration ${name} to the dev database`);

    const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
    // `migrate dev` would offer a reset here. The new migration depends only on the migrations
    // and the schema, not on the dev database, so go on and just report it.
    if (action.tag === 'reset') opts.log?.(`Warning: the dev database needs a reset: ${action.reason}`);

    const created = await engine.createMigration({
      draft: false,
      migrationName: options.name,
      migrationsList,
      schema: { files: schemaFiles },
      filters: NO_FILTERS,
    });
    if (created.migrationScript === null) return { path: null, reason: 'no-changes' as const };

    const path = await writeMigration({
      baseDir: migrationsList.baseDir,
      name: created.generatedMigrationName,
      script: created.migrationScript,
      extension: created.extension,
      provider: created.connectorType,
    });
    return { path };
  });
}
