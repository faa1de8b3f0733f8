import type { CliCommand } from './command';
import { createBotCommand } from './commands/create-bot';
import { createOrgCommand } from './commands/create-org';
import { createUserCommand } from './commands/create-user';
import { listBotsCommand } from './commands/list-bots';
import { listOrgsCommand } from './commands/list-orgs';
import { listUsersCommand } from './commands/list-users';
import { createEmbedTokenCommand } from './commands/create-embed-token';
import { listEmbedTokensCommand } from './commands/list-embed-tokens';
import { revokeEmbedTokenCommand } from './commands/revoke-embed-token';
import { createApiKeyCommand } from './commands/create-api-key';
import { listApiKeysCommand } from './commands/list-api-keys';
import { revokeApiKeyCommand } from './commands/revoke-api-key';
import { createAppCommand } from './commands/create-app';
import { listAppsCommand } from './commands/list-apps';
import { addKnowledgeCommand } from './commands/add-knowledge';
import { listKnowledgeCommand } from './commands/list-knowledge';
import { removeKnowledgeCommand } from './commands/remove-knowledge';
import { setBotProviderCommand } from './commands/set-bot-provider';
import { createMobileChannelCommand } from './commands/create-mobile-channel';
import {
  listPushCredentialsCommand,
  removePushCredentialsCommand,
  setApnsCredentialsCommand,
  setFcmCredentialsCommand,
} from './commands/push-credentials';

/** Every command the CLI knows, in help order. A new command is one file plus one line here. */
export const COMMANDS: readonly CliCommand[] = [
  createOrgCommand,
  createUserCommand,
  createBotCommand,
  listOrgsCommand,
  listUsersCommand,
  listBotsCommand,
  createEmbedTokenCommand,
  listEmbedTokensCommand,
  revokeEmbedTokenCommand,
  createApiKeyCommand,
  listApiKeysCommand,
  revokeApiKeyCommand,
  createAppCommand,
  listAppsCommand,
  addKnowledgeCommand,
  listKnowledgeCommand,
  removeKnowledgeCommand,
  setBotProviderCommand,
  createMobileChannelCommand,
  setFcmCredentialsCommand,
  setApnsCredentialsCommand,
  listPushCredentialsCommand,
  removePushCredentialsCommand,
];

export const findCommand = (name: string): CliCommand | undefined => COMMANDS.find((c) => c.name === name);
