import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

export interface NewBot {
  name: string;
  greeting?: string;
  prompt?: string;
  allowedOrigins?: string[];
}

/** Everything an administrator sets on a bot; the API key arrives already encrypted. */
export interface BotSettings extends NewBot {
  provider?: 'knowledge' | 'openai';
  providerSettings?: Prisma.InputJsonValue;
  providerApiKeyEnc?: string | null;
  budgetBurst?: number;
  budgetRefillPerMin?: number;
  budgetDailyCap?: number;
  theme?: Prisma.InputJsonValue;
  leadCapture?: Prisma.InputJsonValue;
}

export function botRepository(db: Db) {
  return {
    create(orgId: OrgId, input: NewBot) {
      return db.bot.create({ data: { ...input, organizationId: orgId } });
    },
    /**
     * A bot and its `webchat` channel in one statement, so a bot never exists without the channel
     * its widget conversations need. `id` is chosen by the caller when a secret is sealed to it.
     */
    createWithWebchatChannel(orgId: OrgId, input: BotSettings & { id?: string }) {
      return db.bot.create({
        data: {
          ...input,
          organizationId: orgId,
          channels: { create: { organizationId: orgId, type: 'webchat', name: `${input.name} website chat` } },
        },
      });
    },
    /** Null when the organization has no such bot. */
    async update(orgId: OrgId, id: string, data: BotSettings) {
      const { count } = await db.bot.updateMany({ where: { id, organizationId: orgId }, data });
      return count ? db.bot.findFirst({ where: { id, organizationId: orgId } }) : null;
    },
    findById(orgId: OrgId, id: string) {
      return db.bot.findFirst({ where: { id, organizationId: orgId } });
    },
    findByName(orgId: OrgId, name: string) {
      return db.bot.findFirst({ where: { name, organizationId: orgId }, orderBy: { createdAt: 'asc' } });
    },
    list(orgId: OrgId) {
      return db.bot.findMany({ where: { organizationId: orgId }, orderBy: { createdAt: 'asc' } });
    },
  };
}

export type BotRow = NonNullable<Awaited<ReturnType<ReturnType<typeof botRepository>['findById']>>>;
