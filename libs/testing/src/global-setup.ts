import { applyMigrations } from '../../db-migrate/src/index';
import { templateName, urlForDatabase, withAdminClient } from './template-db';

// Any fixed number works: it only has to be the same in every jest process on this machine.
const TEMPLATE_LOCK = 727_001;
const STALE_TEMPLATE_MS = 24 * 3600_000;

/**
 * Runs once per jest run (and per project when one project runs alone): makes sure a migrated
 * template database exists for the current migrations. Each test file then clones it, which
 * takes milliseconds instead of re-running every migration.
 */
export default async function globalSetup(): Promise<void> {
  const name = templateName();
  process.env.PARLEY_TEST_TEMPLATE_DB = name;
  await withAdminClient(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const found = await client.query('SELECT datname FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount) return;
      // Templates of older migrations are dead weight; but another checkout (a worktree, a branch
      // in another terminal) may be testing with its own right now, so only day-old ones go.
      const stale = await client.query(
        `SELECT d.datname FROM pg_database d LEFT JOIN pg_shdescription s ON s.objoid = d.oid AND s.classoid = 'pg_database'::regclass
         WHERE d.datname LIKE 'parley_tpl_%' AND coalesce(s.description, '') < $1`,
        [`built ${new Date(Date.now() - STALE_TEMPLATE_MS).toISOString()}`],
      );
      for (const row of stale.rows as { datname: string }[]) {
        await client.query(`DROP DATABASE IF EXISTS "${row.datname}"`).catch(() => undefined);
      }
      await client.query(`CREATE DATABASE "${name}_building"`).catch(async () => {
        await client.query(`DROP DATABASE "${name}_building" WITH (FORCE)`);
        await client.query(`CREATE DATABASE "${name}_building"`);
      });
      await applyMigrations({ databaseUrl: urlForDatabase(`${name}_building`) });
      // Renaming last means a half-built template is never picked up by another run.
      await client.query(`ALTER DATABASE "${name}_building" RENAME TO "${name}"`);
      await client.query(`COMMENT ON DATABASE "${name}" IS 'built ${new Date().toISOString()}'`);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
}
