import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';
import { isUniqueViolation } from '../prisma-errors';
import { hotSql } from '../hot-sql';

const withParticipants = {
  endUser: { select: { id: true, displayName: true, externalId: true } },
  sessions: { where: { status: 'open' as const }, take: 1 },
};

/**
 * Which conversations a list shows: `unassigned` (an open session nobody holds), `mine` (an open
 * session `agentId` holds), `open` (any open session), `all`.
 */
export type ConversationFilter = 'unassigned' | 'mine' | 'open' | 'all';

/** A position in the newest-activity-first order: the last row of the previous page. */
export interface ConversationCursor {
  updatedAt: Date;
  id: string;
}

export interface ConversationListOptions {
  filter: ConversationFilter;
  /** Required for `mine`. */
  agentId?: string;
  limit: number;
  cursor?: ConversationCursor;
}

// `mine` without an agent matches nobody rather than every unassigned session.
const NOBODY = '00000000-0000-0000-0000-000000000000';

function sessionFilter(opts: ConversationListOptions) {
  switch (opts.filter) {
    case 'unassigned':
      return { some: { status: 'open' as const, assignedAgentId: null } };
    case 'mine':
      return { some: { status: 'open' as const, assignedAgentId: opts.agentId ?? NOBODY } };
    case 'open':
      return { some: { status: 'open' as const } };
    case 'all':
      return undefined;
  }
}

// Read on every socket's first message in a conversation: a named statement (hot-sql.ts).
const LAST_SEQ = { name: 'parley_conversation_last_seq', text: 'SELECT last_seq FROM conversations WHERE id = $1::uuid AND organization_id = $2::uuid' };

export function conversationRepository(db: Db) {
  return {
    /** The conversation's newest `seq` (0 when it has none, or is not the organization's). */
    async lastSeq(orgId: OrgId, id: string): Promise<number> {
      const rows = await hotSql(db).query<{ last_seq: number }>(LAST_SEQ, [id, orgId]);
      return rows[0]?.last_seq ?? 0;
    },
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
    /**
     * Newest activity first (`updated_at` desc, then id desc so equal times have a fixed order),
     * one page after `cursor`. Keyset paging: a page costs the same however deep it is.
     */
    list(orgId: OrgId, opts: ConversationListOptions) {
      const sessions = sessionFilter(opts);
      const after = opts.cursor
        ? { OR: [{ updatedAt: { lt: opts.cursor.updatedAt } }, { updatedAt: opts.cursor.updatedAt, id: { lt: opts.cursor.id } }] }
        : {};
      return db.conversation.findMany({
        where: { organizationId: orgId, ...(sessions ? { sessions } : {}), ...after },
        include: withParticipants,
        orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
        take: opts.limit,
      });
    },
  };
}

export type ConversationWithParticipants = NonNullable<Awaited<ReturnType<ReturnType<typeof conversationRepository>['findById']>>>;
