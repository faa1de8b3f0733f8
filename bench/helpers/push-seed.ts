import { randomBytes, randomUUID } from 'node:crypto';
import { asOrgId, createRepositories, type Db, type OrgId } from '@parley/db';

export interface PushTargets {
  orgId: OrgId;
  channelId: string;
  /** One entry per seeded message: the push job payloads. */
  jobs: { orgId: string; conversationId: string; messageId: string; platform: 'fcm' | 'apns' }[];
}

/**
 * `users` end users, each with one device (FCM and APNs alternating) and a conversation holding
 * `messagesPerUser` bot messages: one push job per message. Written with bulk inserts, since the
 * benchmark measures sending, not seeding.
 */
export async function seedPushTargets(db: Db, users: number, messagesPerUser: number): Promise<PushTargets> {
  const repos = createRepositories(db);
  const org = await repos.organizations.create({ name: 'Bench push', slug: `bench-push-${randomBytes(3).toString('hex')}` });
  const orgId = asOrgId(org.id);
  const bot = await repos.bots.create(orgId, { name: 'Bench bot' });
  const channel = (await repos.channels.create(orgId, { botId: bot.id, type: 'mobile_sdk', name: 'Bench app' }))!;
  const rows = Array.from({ length: users }, (_, i) => ({
    endUserId: randomUUID(),
    conversationId: randomUUID(),
    sessionId: randomUUID(),
    platform: i % 2 === 0 ? ('fcm' as const) : ('apns' as const),
    token: i % 2 === 0 ? `fcm-bench-${i}-${randomBytes(70).toString('hex')}` : randomBytes(32).toString('hex'),
  }));
  const base = { organizationId: orgId };
  await db.endUser.createMany({ data: rows.map((r, i) => ({ ...base, id: r.endUserId, externalId: `bench-${i}` })) });
  await db.conversation.createMany({ data: rows.map((r) => ({ ...base, id: r.conversationId, channelId: channel.id, botId: bot.id, endUserId: r.endUserId, lastSeq: messagesPerUser })) });
  await db.conversationSession.createMany({ data: rows.map((r) => ({ ...base, id: r.sessionId, conversationId: r.conversationId, openConversationId: r.conversationId })) });
  await db.device.createMany({ data: rows.map((r) => ({ ...base, endUserId: r.endUserId, channelId: channel.id, platform: r.platform, token: r.token })) });
  const jobs: PushTargets['jobs'] = [];
  for (const r of rows) {
    const messages = Array.from({ length: messagesPerUser }, (_, k) => ({
      ...base,
      id: randomUUID(),
      conversationId: r.conversationId,
      sessionId: r.sessionId,
      seq: k + 1,
      senderType: 'bot' as const,
      senderId: bot.id,
      content: `Your order #${k} has shipped and should arrive in three to five working days.`,
    }));
    await db.message.createMany({ data: messages });
    for (const m of messages) jobs.push({ orgId, conversationId: r.conversationId, messageId: m.id, platform: r.platform });
  }
  return { orgId, channelId: channel.id, jobs };
}
