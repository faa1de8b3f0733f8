import { randomBytes } from 'node:crypto';
import { createEmbedToken } from '@parley/credentials';
import { asOrgId, createRepositories, type Db, type OrgId, type Prisma } from '@parley/db';

export const BENCH_ORIGIN = 'https://bench.example';

/** High enough that a benchmark's turns never meet the per-conversation message budget. */
export const UNLIMITED_BUDGET = { budgetBurst: 1_000_000, budgetRefillPerMin: 1_000_000, budgetDailyCap: 1_000_000 };

export interface BenchWidget {
  orgId: OrgId;
  botId: string;
  embedToken: string;
}

/** An organization, a bot (with `bot` settings on top) and an embed token for BENCH_ORIGIN. */
export async function seedWidget(db: Db, label: string, bot: Prisma.BotUpdateInput = {}): Promise<BenchWidget> {
  const repos = createRepositories(db);
  const org = await repos.organizations.create({ name: `Bench ${label}`, slug: `bench-${label}-${randomBytes(3).toString('hex')}` });
  const orgId = asOrgId(org.id);
  const created = await repos.bots.create(orgId, { name: `Bench ${label} bot`, greeting: 'Hi there!' });
  await db.bot.update({ where: { id: created.id }, data: bot });
  const { token } = await createEmbedToken(db, orgId, { botId: created.id, name: `Bench ${label} site`, allowedOrigins: [BENCH_ORIGIN] });
  return { orgId, botId: created.id, embedToken: token };
}

/** `count` messages, visitor and bot in turn, stored the way the widget and the bot store them. */
export async function seedHistory(db: Db, w: BenchWidget, conversationId: string, visitorId: string, count: number) {
  const messages = createRepositories(db).messages;
  for (let i = 0; i < count; i++) {
    const fromVisitor = i % 2 === 0;
    await messages.append(w.orgId, {
      conversationId,
      senderType: fromVisitor ? 'end_user' : 'bot',
      senderId: fromVisitor ? visitorId : w.botId,
      content: fromVisitor ? `Question ${i / 2 + 1}: how long does delivery take to Oslo?` : `Answer ${(i + 1) / 2}: usually three to five working days.`,
    });
  }
}
