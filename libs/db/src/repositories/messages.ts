import type { ContentType, SenderType } from '@parley/contracts';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';
import { isUniqueViolation } from '../prisma-errors';

export interface NewMessage {
  conversationId: string;
  senderType: SenderType;
  senderId: string;
  content: string;
  contentType?: ContentType;
  richMedia?: Prisma.InputJsonValue | null;
  clientMessageId?: string;
}

export type AppendResult =
  | { kind: 'created'; message: MessageRow }
  | { kind: 'duplicate'; message: MessageRow }
  | { kind: 'not_found' };

type MessageRow = Awaited<ReturnType<Db['message']['create']>>;

/** Lost the race on an idempotency key, or an unexpected conflict: the caller re-reads. */
class DuplicateClientMessage extends Error {}

export function messageRepository(db: Db) {
  const findByClientId = (orgId: OrgId, conversationId: string, clientMessageId: string) =>
    db.message.findFirst({ where: { organizationId: orgId, conversationId, clientMessageId } });

  async function write(orgId: OrgId, input: NewMessage, requireOpenSession: boolean): Promise<AppendResult | { kind: 'no_open_session' }> {
    try {
      return await db.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<{ last_seq: number }[]>`
          SELECT last_seq FROM conversations
          WHERE id = ${input.conversationId}::uuid AND organization_id = ${orgId}::uuid
          FOR UPDATE`;
        const row = locked[0];
        if (!row) return { kind: 'not_found' } as const;
        if (input.clientMessageId) {
          const existing = await tx.message.findFirst({
            where: { conversationId: input.conversationId, clientMessageId: input.clientMessageId },
          });
          if (existing) return { kind: 'duplicate', message: existing } as const;
        }
        const now = new Date();
        let session = await tx.conversationSession.findUnique({ where: { openConversationId: input.conversationId } });
        if (!session && requireOpenSession) return { kind: 'no_open_session' } as const;
        session ??= await tx.conversationSession.create({
          data: {
            organizationId: orgId,
            conversationId: input.conversationId,
            openConversationId: input.conversationId,
            firstMessageAt: now,
          },
        });
        const seq = row.last_seq + 1;
        const message = await tx.message.create({
          data: {
            organizationId: orgId,
            conversationId: input.conversationId,
            sessionId: session.id,
            seq,
            clientMessageId: input.clientMessageId ?? null,
            senderType: input.senderType,
            senderId: input.senderId,
            contentType: input.contentType ?? 'text',
            content: input.content,
            richMedia: input.richMedia ?? undefined,
            createdAt: now,
          },
        });
        await tx.conversation.update({
          where: { id: input.conversationId },
          data: { lastSeq: seq, lastMessageAt: now, updatedAt: now },
        });
        await tx.conversationSession.update({
          where: { id: session.id },
          data: { updatedAt: now, ...(session.firstMessageAt ? {} : { firstMessageAt: now }) },
        });
        return { kind: 'created', message } as const;
      });
    } catch (err) {
      if (!isUniqueViolation(err) || !input.clientMessageId) throw err;
      const existing = await findByClientId(orgId, input.conversationId, input.clientMessageId);
      if (!existing) throw new DuplicateClientMessage('conflicting message could not be re-read');
      return { kind: 'duplicate', message: existing };
    }
  }

  return {
    /**
     * Stores a message with the conversation's next `seq`, in one transaction:
     * 1. lock the conversation row, which serializes writers of one conversation, so `seq` has no
     *    gaps and a retried `clientMessageId` is seen before a second row is made;
     * 2. reuse the open session, or open a new one (an end user writing after a resolve);
     * 3. insert, bump `last_seq` and `updated_at`.
     */
    append(orgId: OrgId, input: NewMessage): Promise<AppendResult> {
      // Without the requirement a session is always found or opened, so `no_open_session` cannot come back.
      return write(orgId, input, false) as Promise<AppendResult>;
    },

    /**
     * The same, for agents and bots: they answer inside the open session and never open one, so
     * a message racing a resolve cannot bring the conversation back to the queue on its own. A
     * retried `clientMessageId` still returns the stored message after a resolve.
     */
    appendToOpenSession(orgId: OrgId, input: NewMessage): Promise<AppendResult | { kind: 'no_open_session' }> {
      return write(orgId, input, true);
    },

    /** Agent history: oldest first within the page, paged from the newest end like the reference. */
    async page(orgId: OrgId, conversationId: string, opts: { limit: number; offset: number }) {
      const rows = await db.message.findMany({
        where: { organizationId: orgId, conversationId },
        orderBy: { seq: 'desc' },
        skip: opts.offset,
        take: opts.limit,
      });
      return rows.reverse();
    },

    /** Everything after the last `seq` a client has, in order: the resume path. */
    after(orgId: OrgId, conversationId: string, afterSeq: number, limit = 500) {
      return db.message.findMany({
        where: { organizationId: orgId, conversationId, seq: { gt: afterSeq } },
        orderBy: { seq: 'asc' },
        take: limit,
      });
    },
  };
}
