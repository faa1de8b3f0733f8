import { MAX_UNREAD_COUNT, PREVIEW_CHARS, type ConversationDetails, type LastMessagePreview, type LeadView, type SessionView, type UserRole } from '@parley/contracts';
import { toSessionView } from '@parley/inbox';
import type { Db, OrgId } from '@parley/db';
import { toView as toLeadView } from '../console/leads';

/**
 * Reads only the inbox app needs, each scoped to the caller's organization. They sit beside
 * their routes rather than in libs/db because nothing else uses them.
 */

type RawOverview = {
  id: string;
  sender_type: string | null;
  content_type: string | null;
  content: string | null;
  created_at: Date | null;
  unread: number;
};

export type DetailsHeader = Pick<ConversationDetails, 'bot' | 'channel'> & { end_user: Omit<ConversationDetails['end_user'], 'online'> };

export interface ConversationOverview {
  lastMessage: LastMessagePreview | null;
  unreadCount: number;
}

/**
 * The newest message and the unread count of each conversation, in one statement: the newest
 * message is one index lookup on (conversation_id, seq); unread counts only the open session's
 * end-user messages nobody has marked read, and stops at MAX_UNREAD_COUNT + 1.
 */
export async function conversationOverviews(db: Db, orgId: OrgId, ids: readonly string[]): Promise<Map<string, ConversationOverview>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<RawOverview[]>`
    SELECT c.id::text AS id, lm.sender_type::text AS sender_type, lm.content_type::text AS content_type,
           left(lm.content, ${PREVIEW_CHARS}) AS content, lm.created_at,
           COALESCE((SELECT count(*)::int FROM (
             SELECT 1 FROM messages m
             WHERE m.session_id = s.id AND m.sender_type = 'end_user' AND m.read_by = '{}'::jsonb
             LIMIT ${MAX_UNREAD_COUNT + 1}) AS u), 0) AS unread
    FROM conversations c
    LEFT JOIN conversation_sessions s ON s.open_conversation_id = c.id
    LEFT JOIN LATERAL (
      SELECT sender_type, content_type, content, created_at FROM messages
      WHERE conversation_id = c.id ORDER BY seq DESC LIMIT 1
    ) lm ON true
    WHERE c.organization_id = ${orgId}::uuid AND c.id = ANY(${[...ids]}::uuid[])`;
  return new Map(
    rows.map((r) => [
      r.id,
      {
        lastMessage:
          r.sender_type && r.created_at
            ? ({ sender_type: r.sender_type, content_type: r.content_type, content: r.content ?? '', created_at: r.created_at.toISOString() } as LastMessagePreview)
            : null,
        unreadCount: Math.min(r.unread, MAX_UNREAD_COUNT),
      },
    ]),
  );
}

/** A conversation's end user, bot and channel; null when missing or another organization's. */
export async function conversationForDetails(db: Db, orgId: OrgId, conversationId: string): Promise<DetailsHeader | null> {
  const row = await db.conversation.findFirst({
    where: { id: conversationId, organizationId: orgId },
    include: { endUser: true, bot: { select: { id: true, name: true } }, channel: { select: { id: true, type: true, name: true } } },
  });
  if (!row) return null;
  const { endUser } = row;
  return {
    end_user: {
      id: endUser.id,
      external_id: endUser.externalId,
      display_name: endUser.displayName,
      email: endUser.email,
      verified: endUser.verified,
      created_at: endUser.createdAt.toISOString(),
      last_seen_at: endUser.lastSeenAt?.toISOString() ?? null,
    },
    bot: row.bot,
    channel: row.channel,
  };
}

/** The newest `take` sessions of a conversation (newest first) and how many it has had. */
export async function recentSessions(db: Db, orgId: OrgId, conversationId: string, take: number): Promise<{ sessions: SessionView[]; count: number }> {
  const where = { organizationId: orgId, conversationId };
  const [sessions, count] = await Promise.all([
    db.conversationSession.findMany({ where, orderBy: { createdAt: 'desc' }, take }),
    db.conversationSession.count({ where }),
  ]);
  return { sessions: sessions.map(toSessionView), count };
}

/** Leads an end user left, or that were captured in the conversation, newest first. */
export async function leadsOf(db: Db, orgId: OrgId, endUserId: string, conversationId: string, take: number): Promise<LeadView[]> {
  const rows = await db.lead.findMany({
    where: { organizationId: orgId, OR: [{ endUserId }, { conversationId }] },
    orderBy: { createdAt: 'desc' },
    take,
  });
  return rows.map((l) => {
    const { bot_id: _bot, ...view } = toLeadView(l);
    return view;
  });
}

/** Active members of the organization, as colleagues see them (no e-mail). */
export async function activeMembers(db: Db, orgId: OrgId): Promise<{ id: string; display_name: string; role: UserRole }[]> {
  const rows = await db.user.findMany({
    where: { organizationId: orgId, deactivatedAt: null },
    select: { id: true, displayName: true, role: true },
    orderBy: { displayName: 'asc' },
  });
  return rows.map((r) => ({ id: r.id, display_name: r.displayName, role: r.role }));
}
