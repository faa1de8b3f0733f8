import { type CommonOptions } from './options';
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
export declare function migrationStatus(options: MigrationStatusOptions): Promise<MigrationStatus>;
