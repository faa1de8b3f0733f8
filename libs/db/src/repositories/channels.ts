import type { ChannelType } from '@parley/contracts';
import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

export function channelRepository(db: Db) {
  return {
    async create(orgId: OrgId, input: { botId: string; type: ChannelType; name: string }) {
      // The bot must belong to the same organization; otherwise it does not exist for this tenant.
      const bot = await db.bot.findFirst({ where: { id: input.botId, organizationId: orgId }, select: { id: true } });
      if (!bot) return null;
      return db.channel.create({ data: { ...input, organizationId: orgId } });
    },
    findById(orgId: OrgId, id: string) {
      return db.channel.findFirst({ where: { id, organizationId: orgId } });
    },
    findForBot(orgId: OrgId, botId: string, type: ChannelType) {
      return db.channel.findFirst({ where: { organizationId: orgId, botId, type }, orderBy: { createdAt: 'asc' } });
    },
  };
}
