import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

/** An open session's assignment after a claim or reassignment. */
export interface SessionAssignment {
  id: string;
  assignedAgentId: string;
  assignedAt: Date;
  /** Who held it just before this statement (null: nobody); equal to `assignedAgentId` when nothing changed. */
  previousAgentId: string | null;
}

/** What a change to the open session found: it happened, the conversation is not this org's, or nothing is open. */
export type OpenSessionChange<T> = { kind: 'changed'; session: T } | { kind: 'not_found' } | { kind: 'no_open_session' };

type SessionRow = Awaited<ReturnType<Db['conversationSession']['update']>>;

interface RawAssignment {
  id: string;
  assigned_agent_id: string;
  assigned_at: Date;
  previous_agent_id: string | null;
}

const toAssignment = (row: RawAssignment | undefined): SessionAssignment | null =>
  row ? { id: row.id, assignedAgentId: row.assigned_agent_id, assignedAt: row.assigned_at, previousAgentId: row.previous_agent_id } : null;

/**
 * Writes to a conversation's open session (`open_conversation_id = conversation id`). Each one is
 * a single conditional statement or a transaction that takes the conversation row lock first,
 * like `messages.append`, so they serialize with message writes in one lock order.
 */
export function sessionRepository(db: Db) {
  /**
   * Locks the conversation, then applies `change` to its open session. The lock is what keeps a
   * resolve and an end user's message apart: the message lands either before the resolve (in the
   * old session) or after it (opening a new one), never in a session resolved under its feet.
   */
  function changeOpenSession(
    orgId: OrgId,
    conversationId: string,
    change: (session: SessionRow, tx: Prisma.TransactionClient, now: Date) => Promise<SessionRow>,
  ): Promise<OpenSessionChange<SessionRow>> {
    return db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM conversations WHERE id = ${conversationId}::uuid AND organization_id = ${orgId}::uuid FOR UPDATE`;
      if (!locked[0]) return { kind: 'not_found' } as const;
      const open = await tx.conversationSession.findUnique({ where: { openConversationId: conversationId } });
      if (!open) return { kind: 'no_open_session' } as const;
      // Read the clock under the lock, so the times of serialized writes are in their real order.
      return { kind: 'changed', session: await change(open, tx, new Date()) } as const;
    });
  }

  return {
    findOpen(orgId: OrgId, conversationId: string) {
      return db.conversationSession.findFirst({ where: { organizationId: orgId, openConversationId: conversationId } });
    },

    /**
     * Takes the open session for `agentId` only if nobody holds it. One `UPDATE ... WHERE
     * assigned_agent_id IS NULL`: of two concurrent claims the second waits for the first's row
     * lock, re-checks the condition, and matches nothing. Null when not claimed (held, resolved or
     * missing: the caller looks at why).
     */
    async claim(orgId: OrgId, conversationId: string, agentId: string, at = new Date()): Promise<SessionAssignment | null> {
      const rows = await db.$queryRaw<RawAssignment[]>`
        UPDATE conversation_sessions
        SET assigned_agent_id = ${agentId}::uuid, assigned_at = ${at}, updated_at = ${at}
        WHERE organization_id = ${orgId}::uuid AND open_conversation_id = ${conversationId}::uuid AND assigned_agent_id IS NULL
        RETURNING id, assigned_agent_id, assigned_at, NULL::uuid AS previous_agent_id`;
      return toAssignment(rows[0]);
    },

    /**
     * Gives the open session to `agentId` whoever holds it (an admin's reassignment). `assigned_at`
     * moves only when the assignee changes. Null when nothing is open.
     */
    async reassign(orgId: OrgId, conversationId: string, agentId: string, at = new Date()): Promise<SessionAssignment | null> {
      const rows = await db.$queryRaw<RawAssignment[]>`
        WITH previous AS (
          SELECT id, assigned_agent_id FROM conversation_sessions
          WHERE organization_id = ${orgId}::uuid AND open_conversation_id = ${conversationId}::uuid
          FOR UPDATE
        )
        UPDATE conversation_sessions s
        SET assigned_agent_id = ${agentId}::uuid,
            assigned_at = CASE WHEN previous.assigned_agent_id IS NOT DISTINCT FROM ${agentId}::uuid THEN s.assigned_at ELSE ${at} END,
            updated_at = ${at}
        FROM previous WHERE s.id = previous.id
        RETURNING s.id, s.assigned_agent_id, s.assigned_at, previous.assigned_agent_id AS previous_agent_id`;
      return toAssignment(rows[0]);
    },

    /** Closes the open session: `resolved`, `resolved_at`, and the tags `tags(current)` returns. */
    resolve(orgId: OrgId, conversationId: string, opts: { tags: (current: string[]) => string[]; resolvedById?: string }) {
      return changeOpenSession(orgId, conversationId, (open, tx, at) =>
        tx.conversationSession.update({
          where: { id: open.id },
          data: {
            status: 'resolved',
            openConversationId: null,
            resolvedAt: at,
            resolvedById: opts.resolvedById ?? null,
            tags: opts.tags(open.tags),
            updatedAt: at,
          },
        }),
      );
    },

    /** Replaces the open session's tags with `edit(current)`; `edit` may throw to refuse. */
    editTags(orgId: OrgId, conversationId: string, edit: (current: string[]) => string[]) {
      return changeOpenSession(orgId, conversationId, (open, tx, now) =>
        tx.conversationSession.update({ where: { id: open.id }, data: { tags: edit(open.tags), updatedAt: now } }),
      );
    },

    /** A deactivated agent's open sessions go back to the unassigned queue. Returns how many. */
    async releaseAgent(orgId: OrgId, agentId: string): Promise<number> {
      const { count } = await db.conversationSession.updateMany({
        where: { organizationId: orgId, assignedAgentId: agentId, status: 'open' },
        data: { assignedAgentId: null, assignedAt: null, updatedAt: new Date() },
      });
      return count;
    },
  };
}

export type ConversationSessionRow = SessionRow;
