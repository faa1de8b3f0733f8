import { parseArgs } from 'node:util';
import { createDb, type Db } from '@parley/db';
import { createCipherKeyring, type CipherKeyring } from '@parley/security';
import type { CommandOutput } from './command';
import { loadAdminConfig } from './admin-config';
import { CommandFailedError, UsageError } from './errors';
import { COMMANDS, findCommand } from './registry';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface RunCliOptions {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  io: CliIo;
}

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: npm run admin -- <command> [flags] [--json]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}${c.usage ? `\n  ${' '.repeat(width)}    ${c.usage}` : ''}`),
    '',
    'DATABASE_URL selects the database (default: the local development one); ENCRYPTION_KEYS must be',
    "the services' own value for create-app (default: the development key).",
  ].join('\n');
}

/** Drivers and Prisma put the useful part of a message on its last non-empty line. */
const oneLine = (message: string): string =>
  message.split('\n').map((l) => l.trim()).filter(Boolean).pop()?.slice(0, 500) ?? 'unknown error';

function parseFlags(argv: readonly string[], flags: NonNullable<Parameters<typeof parseArgs>[0]>['options']) {
  try {
    return parseArgs({ args: [...argv], options: { ...flags, json: { type: 'boolean' } }, strict: true, allowPositionals: false })
      .values;
  } catch (err) {
    // parseArgs appends a paragraph on positional arguments that only confuses here.
    throw new UsageError((err as Error).message.split('. To specify')[0] ?? 'invalid arguments');
  }
}

/**
 * Parses the command line, runs one command against the configured database and prints its
 * result. Returns the exit code: 0 done, 2 bad usage, 1 the command failed.
 */
export async function runCli({ argv, env, io }: RunCliOptions): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(helpText());
    return name === undefined ? 2 : 0;
  }
  let db: Db | undefined;
  try {
    const command = findCommand(name);
    if (!command) throw new UsageError(`unknown command "${name}" (run "npm run admin -- help" to list them)`);
    const { json, ...flags } = parseFlags(rest, command.flags);
    const config = loadAdminConfig(env);
    db = createDb({ databaseUrl: config.DATABASE_URL, poolSize: 2, applicationName: 'parley-admin-cli' });
    let cipher: CipherKeyring | undefined;
    const context = { cipher: () => (cipher ??= createCipherKeyring(config.ENCRYPTION_KEYS)) };
    const output: CommandOutput = await command.run(db, flags, context);
    if (json) io.out(JSON.stringify(output.json));
    else for (const line of output.lines) io.out(line);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof CommandFailedError) {
      io.err(`error: ${err.message}`);
      return err.exitCode;
    }
    io.err(`error: ${oneLine((err as Error)?.message ?? String(err))}`);
    return 1;
  } finally {
    await db?.$disconnect().catch(() => undefined);
  }
}
