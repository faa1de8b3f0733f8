import { createRepositories, type Db } from '@parley/db';
import { defineCommand, requiredFlag } from '../command';
import { resolveOrg } from '../org-ref';
import type { BotSummary } from './create-bot';

export type BotListItem = Omit<BotSummary, 'channel_id'> & { channel_id: string | null };

export async function listBots(db: Db, input: { org: string }): Promise<BotListItem[]> {
  const org = await resolveOrg(db, input.org);
  const repos = createRepositories(db);
  const bots = await repos.bots.list(org.id);
  return Promise.all(
    bots.map(async (b) => ({
      id: b.id,
      org_id: org.id,
      name: b.name,
      greeting: b.greeting,
      allowed_origins: b.allowedOrigins,
      channel_id: (await repos.channels.findForBot(org.id, b.id, 'webchat'))?.id ?? null,
    })),
  );
}

export const listBotsCommand = defineCommand({
  name: 'list-bots',
  summary: "list an organization's bots",
  usage: '--org <id|slug>',
  flags: { org: { type: 'string' } },
  async run(db, flags) {
    const bots = await listBots(db, { org: requiredFlag(flags, 'org', '<id|slug>') });
    const lines = bots.map((b) => `${b.id}  ${b.name}  origins: ${b.allowed_origins.join(', ') || 'any'}`);
    return { json: { bots }, lines: lines.length ? lines : ['no bots'] };
  },
});
