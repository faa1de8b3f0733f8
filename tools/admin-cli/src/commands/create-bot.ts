import type { Db } from '@parley/db';
import { defineCommand, listFlag, requiredFlag, stringFlag } from '../command';
import { resolveOrg } from '../org-ref';
import { parseOrigin, requireText } from '../validation';

export interface CreateBotInput {
  /** Organization id or slug. */
  org: string;
  name: string;
  greeting?: string;
  /** Sites allowed to embed the bot, each exactly `scheme://host[:port]`. */
  allowedOrigins?: string[];
}

export interface BotSummary {
  id: string;
  org_id: string;
  name: string;
  greeting: string;
  allowed_origins: string[];
  /** The bot's `webchat` channel, which web widget conversations belong to. */
  channel_id: string;
}

export async function createBot(db: Db, input: CreateBotInput): Promise<BotSummary> {
  const name = requireText(input.name, 'name');
  const greeting = input.greeting?.trim() ?? '';
  const allowedOrigins = [...new Set((input.allowedOrigins ?? []).map(parseOrigin))];
  const org = await resolveOrg(db, input.org);
  // One statement, so a bot never exists without the channel its widget conversations need.
  const bot = await db.bot.create({
    data: {
      organizationId: org.id,
      name,
      greeting,
      allowedOrigins,
      channels: { create: { organizationId: org.id, type: 'webchat', name: `${name} website chat` } },
    },
    include: { channels: { select: { id: true } } },
  });
  const channel = bot.channels[0];
  if (!channel) throw new Error('the webchat channel was not created');
  return {
    id: bot.id,
    org_id: org.id,
    name: bot.name,
    greeting: bot.greeting,
    allowed_origins: bot.allowedOrigins,
    channel_id: channel.id,
  };
}

export const createBotCommand = defineCommand({
  name: 'create-bot',
  summary: 'create a bot and its webchat channel',
  usage: '--org <id|slug> --name <name> [--greeting <text>] [--allowed-origin <https://host[:port]> ...]',
  flags: {
    org: { type: 'string' },
    name: { type: 'string' },
    greeting: { type: 'string' },
    'allowed-origin': { type: 'string', multiple: true },
  },
  async run(db, flags) {
    const bot = await createBot(db, {
      org: requiredFlag(flags, 'org', '<id|slug>'),
      name: requiredFlag(flags, 'name'),
      greeting: stringFlag(flags, 'greeting'),
      allowedOrigins: listFlag(flags, 'allowed-origin'),
    });
    const origins = bot.allowed_origins.length ? bot.allowed_origins.join(', ') : 'none (any site may embed it)';
    return {
      json: { ...bot },
      lines: [`created bot ${bot.name} (id ${bot.id}), webchat channel ${bot.channel_id}`, `allowed origins: ${origins}`],
    };
  },
});
