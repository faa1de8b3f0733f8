// `prisma migrate diff --from-migrations --to-schema --script`: the SQL that would bring the
// migrations' end state to schema.prisma. Empty when they agree, which is what the drift test
// asserts: editing schema.prisma without writing a migration makes it fail.
import type { DiffTarget } from '@prisma/schema-engine-wasm';
import { withEngine } from './engine-session';
import { readMigrationsList } from './migrations-dir';
import { NO_FILTERS, resolveOptions, type CommonOptions } from './options';

export type DiffOptions = CommonOptions;

export async function diffMigrationsToSchema(options: DiffOptions): Promise<string> {
  const opts = resolveOptions(options);
  const list = await readMigrationsList(opts.migrationsDir);
  // The engine cannot tell the provider of an empty history (no lock file yet): start from
  // nothing instead. Replaying real migrations needs a shadow database.
  const hasHistory = list.migrationDirectories.length > 0;
  const from: DiffTarget = hasHistory ? { tag: 'migrations', ...list } : { tag: 'empty' };

  return withEngine({ ...opts, ...(hasHistory ? { shadow: 'temporary' as const } : {}) }, async ({ engine, schemaFiles }) => {
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: schemaFiles },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return meaningfulSql(result.stdout ?? '');
  });
}

/** '' when the script is only comments and blank lines ("-- This is an empty migration."). */
export function meaningfulSql(script: string): string {
  const hasStatement = script.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
  return hasStatement ? script.trim() + '\n' : '';
}
