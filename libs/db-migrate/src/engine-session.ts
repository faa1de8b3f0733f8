// One schema-engine session: a fresh wasm instance plus the adapter pools it uses, disposed
// together whatever happens, so nothing stays open (jest open handles, undroppable databases).
import fs from 'node:fs';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { parseDatabaseUrl } from './database-url';
import { SessionAdapterFactory } from './pg-adapter';
import { fixedShadow, temporaryShadows } from './shadow-database';
import { toMigrationError } from './errors';
import { engineLogger, type LogFn } from './engine-log';
import { loadSchemaEngine, type LoadedEngine, type SchemaEngine } from './wasm-engine';

export interface SessionOptions {
  databaseUrl: string;
  schemaPath: string;
  /** Shadow databases for replaying migrations: temporary ones, or the given database. */
  shadow?: 'temporary' | { url: string };
  log?: LogFn | undefined;
}

export interface Session {
  engine: SchemaEngine;
  schemaFiles: Array<{ path: string; content: string }>;
}

export async function withEngine<T>(options: SessionOptions, work: (session: Session) => Promise<T>): Promise<T> {
  const main = parseDatabaseUrl(options.databaseUrl);
  const shadows =
    options.shadow === 'temporary' ? temporaryShadows(main) : options.shadow ? fixedShadow(options.shadow.url) : undefined;
  const factory = new SessionAdapterFactory(main, shadows);
  let loaded: LoadedEngine | undefined;
  let engine: SchemaEngine | undefined;
  let failed = false;

  try {
    const schemaFiles = [{ path: options.schemaPath, content: fs.readFileSync(options.schemaPath, 'utf8') }];
    loaded = loadSchemaEngine();
    engine = await loaded.SchemaEngine.new(
      { datamodels: schemaFiles.map((f): [string, string] => [f.path, f.content]) },
      engineLogger(options.log),
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return await work({ engine, schemaFiles });
  } catch (error) {
    failed = true;
    const panic = loaded?.panicMessage();
    throw toMigrationError(panic ? new Error(`The schema engine crashed: ${panic}`, { cause: error }) : error, main);
  } finally {
    try {
      engine?.free();
    } catch {
      // After a panic the wasm instance is unusable and free() throws; it is dropped anyway.
    }
    loaded?.dispose();
    // A cleanup failure (say, dropping a shadow database) must not hide the original error.
    await factory.close().catch((error: unknown) => {
      if (!failed) throw toMigrationError(error, main);
    });
  }
}
