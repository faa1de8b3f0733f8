import type { ChannelType } from '@parley/contracts';
import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

/** What listings may show of push credentials: which kind, and a fingerprint. Never the secret. */
const pushCredentialSummary = {
  select: { platform: true, fingerprint: true, apnsEnvironment: true, deprecated: true, updatedAt: true },
  orderBy: { platform: 'asc' as const },
};

/** Channel types a bot may have only one of: the reference gives each bot one mobile channel. */
const ONE_PER_BOT: readonly ChannelType[] = ['mobile_sdk'];

export function channelRepository(db: Db) {
  return {
    async create(orgId: OrgId, input: { botId: string; type: ChannelType; name: string }) {
      // The bot must belong to the same organization; otherwise it does not exist for this tenant.
      const bot = await db.bot.findFirst({ where: { id: input.botId, organizationId: orgId }, select: { id: true } });
      if (!bot) return null;
      return db.channel.create({ data: { ...input, organizationId: orgId } });
    },
    /**
     * Creates a channel, refusing a second one of a one-per-bot type. The bot row is locked for
     * the check, so two simultaneous requests cannot both find none and both create one.
     */
    createChecked(orgId: OrgId, input: { botId: string; type: ChannelType; name: string; pushPreviewEnabled?: boolean }) {
      return db.$transaction(async (tx) => {
        const bot = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM bots WHERE id = ${input.botId}::uuid AND organization_id = ${orgId}::uuid FOR UPDATE`;
        if (!bot[0]) return { kind: 'bot_not_found' } as const;
        if (ONE_PER_BOT.includes(input.type)) {
          const existing = await tx.channel.findFirst({ where: { organizationId: orgId, botId: input.botId, type: input.type } });
          if (existing) return { kind: 'exists', channelId: existing.id } as const;
        }
        const channel = await tx.channel.create({ data: { ...input, organizationId: orgId }, include: { pushCredentials: pushCredentialSummary } });
        return { kind: 'created', channel } as const;
      });
    },
    findById(orgId: OrgId, id: string) {
      return db.channel.findFirst({ where: { id, organizationId: orgId } });
    },
    findWithPush(orgId: OrgId, id: string) {
      return db.channel.findFirst({ where: { id, organizationId: orgId }, include: { pushCredentials: pushCredentialSummary } });
    },
    findForBot(orgId: OrgId, botId: string, type: ChannelType) {
      return db.channel.findFirst({ where: { organizationId: orgId, botId, type }, orderBy: { createdAt: 'asc' } });
    },
    list(orgId: OrgId, filter: { botId?: string; type?: ChannelType } = {}) {
      return db.channel.findMany({
        where: { organizationId: orgId, ...(filter.botId ? { botId: filter.botId } : {}), ...(filter.type ? { type: filter.type } : {}) },
        include: { pushCredentials: pushCredentialSummary },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
    },
    /** Null when the organization has no such channel. */
    async update(orgId: OrgId, id: string, data: { name?: string; pushPreviewEnabled?: boolean }) {
      const { count } = await db.channel.updateMany({ where: { id, organizationId: orgId }, data });
      return count ? db.channel.findFirst({ where: { id, organizationId: orgId }, include: { pushCredentials: pushCredentialSummary } }) : null;
    },
  };
}

export type ChannelWithPush = NonNullable<Awaited<ReturnType<ReturnType<typeof channelRepository>['findWithPush']>>>;
