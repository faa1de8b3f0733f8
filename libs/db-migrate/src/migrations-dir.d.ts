import type { MigrationList } from '@prisma/schema-engine-wasm';
export declare const LOCKFILE = "migration_lock.toml";
/** Prisma's own lock file text (the engine reads the provider from it). */
export declare const lockfileContent: (provider: string) => string;
/** The engine's view of the migrations folder; a missing folder is an empty history. */
export declare function readMigrationsList(migrationsDir: string): Promise<MigrationList>;
/** Writes `<baseDir>/<name>/migration.<ext>` and (re)writes the lock file, as the CLI does. */
export declare function writeMigration(args: {
    baseDir: string;
    name: string;
    script: string;
    extension: string;
    provider: string;
}): Promise<string>;
