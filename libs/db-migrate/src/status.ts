// `prisma migrate status`: how the database's migration history compares with the folder.
import type { HistoryDiagnostic } from '@prisma/schema-engine-wasm';
import { withEngine } from './engine-session';
import { readMigrationsList } from './migrations-dir';
import { NO_FILTERS, resolveOptions, type CommonOptions } from './options';

export type MigrationStatusOptions = CommonOptions;

export interface MigrationStatus {
  /** Every migration in the folder, oldest first. */
  local: string[];
  /** Folder migrations recorded as successfully applied. */
  applied: string[];
  /** Folder migrations not applied yet (what applyMigrations would run). */
  pending: string[];
  /** Started but never finished (P3009): fix, then mark rolled back or resolve by hand. */
  failed: string[];
  /** Applied, but their migration.sql changed since (checksum mismatch). */
  edited: string[];
  /** Recorded in the database but absent from the folder. */
  missingFromFolder: string[];
  /** Whether `_prisma_migrations` exists at all. */
  hasMigrationsTable: boolean;
  /** Nothing pending, failed, edited or missing. */
  upToDate: boolean;
}

export async function migrationStatus(options: MigrationStatusOptions): Promise<MigrationStatus> {
  const opts = resolveOptions(options);
  const migrationsList = await readMigrationsList(opts.migrationsDir);
  const local = migrationsList.migrationDirectories.map((d) => d.path);

  const diagnosis = await withEngine(opts, ({ engine }) =>
    // Like `migrate status`: read-only, no shadow database, no drift detection.
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS }),
  );

  const { pending, missingFromFolder } = historyLists(diagnosis.history);
  const failed = diagnosis.failedMigrationNames;
  const notApplied = new Set([...pending, ...failed]);
  return {
    local,
    applied: local.filter((name) => !notApplied.has(name)),
    pending,
    failed,
    edited: diagnosis.editedMigrationNames,
    missingFromFolder,
    hasMigrationsTable: diagnosis.hasMigrationsTable,
    upToDate: !diagnosis.history && failed.length === 0 && diagnosis.editedMigrationNames.length === 0,
  };
}

function historyLists(history: HistoryDiagnostic | null): { pending: string[]; missingFromFolder: string[] } {
  switch (history?.diagnostic) {
    case 'databaseIsBehind':
      return { pending: history.unappliedMigrationNames, missingFromFolder: [] };
    case 'migrationsDirectoryIsBehind':
      return { pending: [], missingFromFolder: history.unpersistedMigrationNames };
    case 'historiesDiverge':
      return { pending: history.unappliedMigrationNames, missingFromFolder: history.unpersistedMigrationNames };
    default:
      return { pending: [], missingFromFolder: [] };
  }
}
