// @parley/db-migrate: Prisma Migrate (deploy, dev --create-only, diff, status) for Parley,
// driven through Prisma's schema engine compiled to WebAssembly and the pg driver adapter,
// since the native schema engine binary cannot be downloaded here.
export { applyMigrations, type ApplyMigrationsOptions } from './apply-migrations';
export { createMigration, type CreateMigrationOptions, type CreateMigrationResult } from './create-migration';
export { diffMigrationsToSchema, type DiffOptions } from './diff';
export { migrationStatus, type MigrationStatus, type MigrationStatusOptions } from './status';
export { ensureDatabase, dropDatabase } from './ensure-database';
export { MigrationError } from './errors';
export { parseDatabaseUrl, type PgTarget } from './database-url';
export { defaultMigrationsDir, defaultSchemaPath, repoRoot } from './paths';
export type { CommonOptions } from './options';
export type { LogFn } from './engine-log';
