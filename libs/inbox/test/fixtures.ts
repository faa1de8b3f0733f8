import { EventBus } from '@parley/bus';
import type { TopicDefinition, TopicPayload, UserRole } from '@parley/contracts';
import { asOrgId, createRepositories, type Db, type OrgId, type Repositories } from '@parley/db';
import type { TestInfra } from '@parley/testing';
import type { InboxDeps } from '../src';

const quiet = { warn: () => undefined, error: () => undefined };
let counter = 0;

type UserRow = Awaited<ReturnType<Repositories['users']['create']>>;
type MessageRow = Extract<Awaited<ReturnType<Repositories['messages']['append']>>, { kind: 'created' }>['message'];
export interface SeededOrg {
  orgId: OrgId;
  agents: UserRow[];
  admin: UserRow;
  bot: { id: string };
  channel: { id: string };
  repos: Repositories;
}

/** An organization with agents, a bot and its web channel. */
export async function seedOrg(db: Db, label: string, agents = 2): Promise<SeededOrg> {
  const repos = createRepositories(db);
  const org = await repos.organizations.create({ name: `Org ${label}`, slug: `org-${label}-${++counter}-${Date.now()}` });
  const orgId: OrgId = asOrgId(org.id);
  const user = (role: UserRole, i: number) =>
    repos.users.create(orgId, { email: `${role}${i}-${org.slug}@x.test`, displayName: `${role} ${i}`, role, passwordHash: 'unused' });
  const team = await Promise.all(Array.from({ length: agents }, (_, i) => user('agent', i)));
  const admin = await user('admin', 0);
  const bot = await repos.bots.create(orgId, { name: `Bot ${label}` });
  const channel = (await repos.channels.create(orgId, { botId: bot.id, type: 'webchat', name: 'Website' }))!;
  return { orgId, agents: team, admin, bot, channel, repos };
}

/** A visitor's conversation with one end-user message, so its first session is open. */
export async function seedConversation(db: Db, org: SeededOrg, visitor = `v-${++counter}`) {
  const endUser = await org.repos.endUsers.upsert(org.orgId, visitor);
  const conversation = (await org.repos.conversations.getOrCreate(org.orgId, { channelId: org.channel.id, endUserId: endUser.id, botId: org.bot.id }))!;
  await visitorSays(db, org.orgId, conversation.id, visitor, 'Hello?');
  return { conversationId: conversation.id, visitor };
}

export async function visitorSays(db: Db, orgId: OrgId, conversationId: string, visitor: string, content: string): Promise<MessageRow> {
  const result = await createRepositories(db).messages.append(orgId, { conversationId, senderType: 'end_user', senderId: visitor, content });
  if (result.kind !== 'created') throw new Error(`visitor message not stored: ${result.kind}`);
  return result.message;
}

/** Inbox deps on the file's Redis namespace, plus a recorder of every event they publish. */
export function inboxHarness(infra: TestInfra) {
  const bus = new EventBus(infra.redis.redis, infra.redis.subscriber, infra.redis.ns, quiet);
  const deps: InboxDeps = { db: infra.db, events: bus };
  const seen: { topic: string; payload: any }[] = [];
  return {
    deps,
    seen,
    async listen(...topics: TopicDefinition[]) {
      for (const topic of topics) await bus.subscribe(topic, (payload) => void seen.push({ topic: topic.name, payload }));
    },
    /** Resolves with the first recorded event of `topic` matching `where`. */
    async waitFor<T extends TopicDefinition>(topic: T, where: (p: TopicPayload<T>) => boolean, timeoutMs = 3000): Promise<TopicPayload<T>> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = seen.find((e) => e.topic === topic.name && where(e.payload));
        if (hit) return hit.payload;
        if (Date.now() > deadline) throw new Error(`no ${topic.name} event matched`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => bus.close(),
  };
}

export const meta = { requestId: 'req-test' };

/** The AppError code a promise rejects with. */
export const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { statusCode?: number; code?: string }) => `${e.statusCode} ${e.code}`);
