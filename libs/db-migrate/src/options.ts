// Options shared by every operation, and their defaults (the repository's prisma/ folder).
import path from 'node:path';
import type { SchemaFilter } from '@prisma/schema-engine-wasm';
import { defaultMigrationsDir, defaultSchemaPath } from './paths';
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

export function resolveOptions(options: CommonOptions): ResolvedOptions {
  return {
    databaseUrl: options.databaseUrl,
    migrationsDir: path.resolve(options.migrationsDir ?? defaultMigrationsDir()),
    schemaPath: path.resolve(options.schemaPath ?? defaultSchemaPath()),
    log: options.log,
  };
}

/** No tables or enums are managed outside Prisma (prisma.config.ts `tables.external`). */
export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };
