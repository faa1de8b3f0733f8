import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations, defaultMigrationsDir, MigrationError, migrationStatus, parseDatabaseUrl } from '../src/index';
import { cleanup, copyOfRepoMigrations, localMigrationNames, scratchDatabaseUrl } from './scratch';

const databases: string[] = [];
const dirs: string[] = [];
afterAll(() => cleanup(databases, dirs));

async function query<T>(databaseUrl: string, sql: string): Promise<T[]> {
  const client = new pg.Client(parseDatabaseUrl(databaseUrl).config);
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('applyMigrations', () => {
  it('applies every migration to an empty database, records checksums, then applies nothing', async () => {
    const databaseUrl = scratchDatabaseUrl('apply');
    databases.push(databaseUrl);
    const names = localMigrationNames(defaultMigrationsDir());
    expect(names.length).toBeGreaterThan(0);

    expect(await applyMigrations({ databaseUrl })).toEqual({ applied: names });

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      databaseUrl,
      'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      expect(row.finished_at).not.toBeNull();
      expect(row.checksum).toBe(sha256(path.join(defaultMigrationsDir(), row.migration_name, 'migration.sql')));
    }

    expect(await applyMigrations({ databaseUrl })).toEqual({ applied: [] });
    const status = await migrationStatus({ databaseUrl });
    expect(status).toMatchObject({ applied: names, pending: [], failed: [], upToDate: true });
  });

  it('rejects with P3018 when a migration fails, then P3009 until it is resolved', async () => {
    const databaseUrl = scratchDatabaseUrl('broken');
    databases.push(databaseUrl);
    const migrationsDir = copyOfRepoMigrations('broken');
    dirs.push(path.dirname(migrationsDir));
    const broken = '29991231235959_broken';
    fs.mkdirSync(path.join(migrationsDir, broken));
    fs.writeFileSync(path.join(migrationsDir, broken, 'migration.sql'), 'CREATE TABLE broken (id no_such_type);\n');

    const first = applyMigrations({ databaseUrl, migrationsDir });
    await expect(first).rejects.toBeInstanceOf(MigrationError);
    await expect(first).rejects.toMatchObject({ code: 'P3018', migrationName: broken });
    await expect(first).rejects.toThrow(/no_such_type/);

    await expect(applyMigrations({ databaseUrl, migrationsDir })).rejects.toMatchObject({ code: 'P3009' });
    const status = await migrationStatus({ databaseUrl, migrationsDir });
    expect(status).toMatchObject({ failed: [broken], pending: [], upToDate: false });
  });
});
