import type { ParseArgsConfig } from 'node:util';
import type { Db } from '@parley/db';
import type { CipherKeyring } from '@parley/security';
import { UsageError } from './errors';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;
/** What `parseArgs` hands back for a command's flags (`--json` is handled before). */
export type FlagValues = Record<string, string | string[] | boolean | undefined>;

/** A command's answer: one JSON object for `--json`, human lines otherwise. */
export interface CommandOutput {
  json: Record<string, unknown>;
  lines: string[];
}

/** What some commands need beyond the database; built from the CLI's configuration. */
export interface CommandContext {
  /** ENCRYPTION_KEYS as a keyring, for secrets the services must read back (client secrets). */
  cipher(): CipherKeyring;
}

/**
 * One CLI command. Its logic is a plain function taking a `Db` (exported for tests and for the
 * dev stack's seed); `run` only adapts flags to that function and its result to output.
 */
export interface CliCommand {
  name: string;
  summary: string;
  /** Flags as shown in help, e.g. `--name <name> [--slug <slug>]`. */
  usage: string;
  flags: FlagSpec;
  run(db: Db, flags: FlagValues, context: CommandContext): Promise<CommandOutput>;
}

export const defineCommand = (command: CliCommand): CliCommand => command;

/** The value of a string flag; `parseArgs` already rejected a flag given without a value. */
export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function listFlag(flags: FlagValues, name: string): string[] {
  const value = flags[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

export function requiredFlag(flags: FlagValues, name: string, hint = `<${name}>`): string {
  const value = stringFlag(flags, name);
  if (value === undefined) throw new UsageError(`--${name} ${hint} is required`);
  return value;
}

export function booleanFlag(flags: FlagValues, name: string): boolean {
  return flags[name] === true;
}
