// `npm run db:migrate` / `db:migration -- <name>` / `db:status`, and `diff`.
// Short human lines on stdout; on failure one clear line on stderr and a non-zero exit code.
import path from 'node:path';
import { applyMigrations } from './apply-migrations';
import { createMigration } from './create-migration';
import { diffMigrationsToSchema } from './diff';
import { MigrationError } from './errors';
import { defaultMigrationsDir } from './paths';
import { migrationStatus } from './status';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/parley';
const USAGE = 'Usage: db-migrate deploy | create <name> | status | diff   (DATABASE_URL, default ' + DEFAULT_DATABASE_URL + ')';
const START_POSTGRES = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

const rel = (p: string): string => path.relative(process.cwd(), p) || '.';
const list = (names: string[]): string => names.join(', ');

/** Runs one command; resolves to the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  const databaseUrl = env['DATABASE_URL'] || DEFAULT_DATABASE_URL;
  const log = (line: string) => console.log(`  ${line}`);

  switch (command) {
    case 'deploy': {
      const { applied } = await applyMigrations({ databaseUrl, log });
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${list(applied)}` : 'No pending migrations.');
      return 0;
    }
    case 'create': {
      const name = rest[0];
      if (!name || rest.length > 1) throw new UsageError('create needs exactly one migration name, e.g. `create add_user_avatar`');
      const result = await createMigration({ databaseUrl, name, log });
      if (result.path === null) {
        console.log('No changes: the migrations already match schema.prisma; nothing written.');
      } else {
        console.log(`Created ${rel(path.join(result.path, 'migration.sql'))} (review it, then run db:migrate)`);
      }
      return 0;
    }
    case 'status': {
      const s = await migrationStatus({ databaseUrl });
      console.log(`${s.local.length} migration(s) in ${rel(defaultMigrationsDir())}, ${s.applied.length} applied.`);
      if (s.pending.length) console.log(`Pending: ${list(s.pending)} (run db:migrate)`);
      if (s.failed.length) console.log(`Failed: ${list(s.failed)} (see https://pris.ly/d/migrate-resolve)`);
      if (s.edited.length) console.log(`Edited after being applied: ${list(s.edited)}`);
      if (s.missingFromFolder.length) console.log(`Applied but missing from the folder: ${list(s.missingFromFolder)}`);
      if (s.upToDate) console.log('Database schema is up to date.');
      return s.upToDate ? 0 : 1; // like `prisma migrate status`
    }
    case 'diff': {
      const sql = await diffMigrationsToSchema({ databaseUrl });
      if (!sql) {
        console.log('No difference: the migrations match schema.prisma.');
        return 0;
      }
      process.stdout.write(sql);
      console.error('schema.prisma has changes no migration covers: run `npm run db:migration -- <name>`.');
      return 2; // like `prisma migrate diff --exit-code`
    }
    default:
      throw new UsageError(command ? `Unknown command "${command}"` : 'No command given');
  }
}

class UsageError extends Error {}

/** The one line printed on failure. */
export function describeFailure(command: string | undefined, error: unknown): string {
  if (error instanceof UsageError) return `${error.message}. ${USAGE}`;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const hint = error instanceof MigrationError && error.code === 'P1001' ? ` (is Postgres running? Start it: ${START_POSTGRES})` : '';
  return `db-migrate ${command} failed: ${message}${hint}`;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(describeFailure(argv[0], error));
      process.exitCode = 1;
    },
  );
}
