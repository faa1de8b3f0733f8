import type { CliCommand } from './command';
import { createBotCommand } from './commands/create-bot';
import { createOrgCommand } from './commands/create-org';
import { createUserCommand } from './commands/create-user';
import { listBotsCommand } from './commands/list-bots';
import { listOrgsCommand } from './commands/list-orgs';
import { listUsersCommand } from './commands/list-users';

/** Every command the CLI knows, in help order. A new command is one file plus one line here. */
export const COMMANDS: readonly CliCommand[] = [
  createOrgCommand,
  createUserCommand,
  createBotCommand,
  listOrgsCommand,
  listUsersCommand,
  listBotsCommand,
];

export const findCommand = (name: string): CliCommand | undefined => COMMANDS.find((c) => c.name === name);
