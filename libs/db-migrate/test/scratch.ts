// Test helpers: uniquely named scratch databases and temp folders, always cleaned up.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropDatabase, defaultMigrationsDir, defaultSchemaPath } from '../src/index';

const SERVER = process.env['TEST_DATABASE_SERVER_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A URL for a database that does not exist yet; register it for dropping with `cleanup`. */
export function scratchDatabaseUrl(label: string): string {
  const url = new URL(SERVER);
  url.pathname = `/dbm_${label}_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `db-migrate-${label}-`));
}

/** A copy of the repository's migrations folder, to add migrations to without touching it. */
export function copyOfRepoMigrations(label: string): string {
  const dir = path.join(tempDir(label), 'migrations');
  fs.cpSync(defaultMigrationsDir(), dir, { recursive: true });
  return dir;
}

/** schema.prisma plus an extra model: a schema change no migration covers. */
export function schemaWithExtraModel(dir: string, model = 'DriftProbe'): string {
  const file = path.join(dir, 'schema.prisma');
  const extra = `\nmodel ${model} {\n  id    Int    @id @default(autoincrement())\n  label String\n\n  @@map("drift_probes")\n}\n`;
  fs.writeFileSync(file, fs.readFileSync(defaultSchemaPath(), 'utf8') + extra);
  return file;
}

export const localMigrationNames = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

export async function cleanup(databaseUrls: string[], dirs: string[]): Promise<void> {
  await Promise.all(databaseUrls.map((url) => dropDatabase(url)));
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}
