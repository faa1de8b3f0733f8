import type { SchemaFilter } from '@prisma/schema-engine-wasm';
import type { LogFn } from './engine-log';
export interface CommonOptions {
    /** `postgresql://user:pass@host:port/db?schema=...` */
    databaseUrl: string;
    /** Defaults to `<repo root>/prisma/migrations`. */
    migrationsDir?: string;
    /** Defaults to `<repo root>/prisma/schema.prisma`. */
    schemaPath?: string;
    /** Receives the engine's progress messages, one human-readable line each. */
    log?: LogFn;
}
export interface ResolvedOptions {
    databaseUrl: string;
    migrationsDir: string;
    schemaPath: string;
    log: LogFn | undefined;
}
export declare function resolveOptions(options: CommonOptions): ResolvedOptions;
/** No tables or enums are managed outside Prisma (prisma.config.ts `tables.external`). */
export declare const NO_FILTERS: SchemaFilter;
