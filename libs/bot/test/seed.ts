import { asOrgId, createRepositories, type Db, type OrgId, type Repositories } from '@parley/db';
import type { CipherKeyring } from '@parley/security';
import type { IndexedArticle } from '../src';

export interface SeedOptions {
  articles?: Omit<IndexedArticle, 'id'>[];
  provider?: 'knowledge' | 'openai';
  providerSettings?: Record<string, unknown>;
  /** Stored encrypted with the bot id as associated data, as the admin CLI does. */
  apiKey?: { cipher: CipherKeyring; key: string };
  prompt?: string;
}

export interface SeededBot {
  repos: Repositories;
  orgId: OrgId;
  bot: { id: string };
  conversation: { id: string };
  endUser: { externalId: string };
  /** Stores a visitor message, as the gateway does before asking for a reply. */
  visitorSays(content: string): Promise<{ id: string; seq: number; sessionId: string }>;
}

/** An organization with one bot (and its knowledge), a visitor and their conversation. */
export async function seedBot(db: Db, label: string, opts: SeedOptions = {}): Promise<SeededBot> {
  const repos = createRepositories(db);
  const org = await repos.organizations.create({ name: `Org ${label}`, slug: `org-${label}-${Math.random().toString(36).slice(2, 8)}` });
  const orgId: OrgId = asOrgId(org.id);
  const created = await repos.bots.create(orgId, { name: `Bot ${label}`, prompt: opts.prompt ?? '' });
  const bot = await db.bot.update({
    where: { id: created.id },
    data: {
      provider: opts.provider ?? 'knowledge',
      providerSettings: { chunkDelayMs: 0, ...opts.providerSettings },
      providerApiKeyEnc: opts.apiKey ? opts.apiKey.cipher.encrypt(opts.apiKey.key, created.id) : null,
    },
  });
  for (const a of opts.articles ?? []) await repos.knowledge.create(orgId, { botId: bot.id, ...a });
  const channel = await repos.channels.create(orgId, { botId: bot.id, type: 'webchat', name: 'Website' });
  if (!channel) throw new Error('channel not created');
  const endUser = await repos.endUsers.upsert(orgId, `visitor-${label}`);
  const conversation = await repos.conversations.getOrCreate(orgId, { channelId: channel.id, endUserId: endUser.id, botId: bot.id });
  if (!conversation) throw new Error('conversation not created');

  async function visitorSays(content: string) {
    const r = await repos.messages.append(orgId, { conversationId: conversation!.id, senderType: 'end_user', senderId: endUser.externalId, content });
    if (r.kind !== 'created') throw new Error('visitor message not stored');
    return r.message;
  }
  return { repos, orgId, bot, conversation, endUser, visitorSays };
}
