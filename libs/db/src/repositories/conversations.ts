import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';
import { isUniqueViolation } from '../prisma-errors';

const withParticipants = {
  endUser: { select: { id: true, displayName: true, externalId: true } },
  sessions: { where: { status: 'open' as const }, take: 1 },
};

export function conversationRepository(db: Db) {
  return {
    findById(orgId: OrgId, id: string) {
      return db.conversation.findFirst({ where: { id, organizationId: orgId }, include: withParticipants });
    },
    /** One conversation per end user and channel; concurrent first messages converge on one row. */
    async getOrCreate(orgId: OrgId, input: { channelId: string; endUserId: string; botId?: string; isPreview?: boolean }) {
      const where = { channelId_endUserId: { channelId: input.channelId, endUserId: input.endUserId } };
      const existing = await db.conversation.findUnique({ where });
      if (existing) return existing.organizationId === orgId ? existing : null;
      try {
        return await db.conversation.create({ data: { ...input, organizationId: orgId } });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const winner = await db.conversation.findUnique({ where });
        return winner && winner.organizationId === orgId ? winner : null;
      }
    },
    /** Newest activity first; `filter` follows the inbox: unassigned | mine | all. */
    list(orgId: OrgId, opts: { filter: 'unassigned' | 'mine' | 'all'; agentId?: string; limit: number }) {
      const session =
        opts.filter === 'unassigned'
          ? { some: { status: 'open' as const, assignedAgentId: null } }
          : opts.filter === 'mine'
            ? { some: { status: 'open' as const, assignedAgentId: opts.agentId ?? '00000000-0000-0000-0000-000000000000' } }
            : undefined;
      return db.conversation.findMany({
        where: { organizationId: orgId, ...(session ? { sessions: session } : {}) },
        include: withParticipants,
        orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
        take: opts.limit,
      });
    },
  };
}
