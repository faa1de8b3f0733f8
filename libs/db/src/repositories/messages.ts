import type { ContentType, SenderType } from '@parley/contracts';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';
import { hotSql } from '../hot-sql';
import { usagePeriod, type UsageMetricName } from './usage';

export interface NewMessage {
  conversationId: string;
  senderType: SenderType;
  senderId: string;
  content: string;
  contentType?: ContentType;
  richMedia?: Prisma.InputJsonValue | null;
  clientMessageId?: string;
  /** Counted in usage_counters in the same commit (a retried send is never counted twice). */
  meter?: UsageMetricName;
}

export type AppendResult =
  | { kind: 'created'; message: MessageRow; sessionAssignee: string | null }
  | { kind: 'duplicate'; message: MessageRow; sessionAssignee: string | null }
  | { kind: 'not_found' };

type MessageRow = Awaited<ReturnType<Db['message']['create']>>;

/** What `parley_append_message` returns (migration 20261121170000_append_message_function). */
interface AppendRow {
  kind: 'created' | 'duplicate' | 'not_found' | 'no_open_session';
  m_id: string;
  m_session_id: string;
  m_seq: number;
  m_client_message_id: string | null;
  m_sender_type: SenderType;
  m_sender_id: string;
  m_content_type: ContentType;
  m_content: string;
  m_rich_media: Prisma.JsonValue | null;
  m_read_by: Prisma.JsonValue;
  m_created_at: Date;
  session_assignee: string | null;
}

const APPEND_MESSAGE = {
  name: 'parley_append_message',
  text: 'SELECT * FROM parley_append_message($1::uuid, $2::uuid, $3::"SenderType", $4, $5::"ContentType", $6, $7::jsonb, $8, $9, $10::"UsageMetric", $11)',
};

/** The message columns under the names `parley_append_message` uses, for the hot reads below. */
const MESSAGE_COLUMNS =
  'id AS m_id, session_id AS m_session_id, seq AS m_seq, client_message_id AS m_client_message_id, sender_type AS m_sender_type, ' +
  'sender_id AS m_sender_id, content_type AS m_content_type, content AS m_content, rich_media AS m_rich_media, read_by AS m_read_by, created_at AS m_created_at';

// Every socket's first message and every resume read this; a named statement on the pool costs a
// fraction of the same query through Prisma (see hot-sql.ts).
const MESSAGES_AFTER = {
  name: 'parley_messages_after',
  text: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE organization_id = $1::uuid AND conversation_id = $2::uuid AND seq > $3 ORDER BY seq ASC LIMIT $4`,
};

const messageRowOf = (orgId: OrgId, conversationId: string, r: Omit<AppendRow, 'kind' | 'session_assignee'>): MessageRow => ({
  id: r.m_id,
  organizationId: orgId,
  conversationId,
  sessionId: r.m_session_id,
  seq: r.m_seq,
  clientMessageId: r.m_client_message_id,
  senderType: r.m_sender_type,
  senderId: r.m_sender_id,
  contentType: r.m_content_type,
  content: r.m_content,
  richMedia: r.m_rich_media,
  readBy: r.m_read_by ?? {},
  createdAt: r.m_created_at,
});

/** SQLSTATE 23505 from pg itself (Prisma's errors are recognized by isUniqueViolation). */
const isPgUniqueViolation = (err: unknown) => (err as { code?: unknown })?.code === '23505';

/** Lost the race on an idempotency key, or an unexpected conflict: the caller re-reads. */
class DuplicateClientMessage extends Error {}

export function messageRepository(db: Db) {
  const findByClientId = (orgId: OrgId, conversationId: string, clientMessageId: string) =>
    db.message.findFirst({ where: { organizationId: orgId, conversationId, clientMessageId } });

  const sql = hotSql(db);

  async function write(orgId: OrgId, input: NewMessage, requireOpenSession: boolean): Promise<AppendResult | { kind: 'no_open_session' }> {
    const now = new Date();
    let rows: AppendRow[];
    try {
      rows = await sql.query<AppendRow>(APPEND_MESSAGE, [
        orgId,
        input.conversationId,
        input.senderType,
        input.senderId,
        input.contentType ?? 'text',
        input.content,
        input.richMedia === undefined || input.richMedia === null ? null : JSON.stringify(input.richMedia),
        input.clientMessageId ?? null,
        requireOpenSession,
        input.meter ?? null,
        usagePeriod(now),
      ]);
    } catch (err) {
      // The row lock makes a second row with the same idempotency key all but impossible; if a
      // conflict happens anyway, the stored message is the answer.
      if (!isPgUniqueViolation(err) || !input.clientMessageId) throw err;
      const existing = await findByClientId(orgId, input.conversationId, input.clientMessageId);
      if (!existing) throw new DuplicateClientMessage('conflicting message could not be re-read');
      return { kind: 'duplicate', message: existing, sessionAssignee: null };
    }
    const row = rows[0];
    if (!row || row.kind === 'not_found') return { kind: 'not_found' };
    if (row.kind === 'no_open_session') return { kind: 'no_open_session' };
    const message = messageRowOf(orgId, input.conversationId, row);
    return row.kind === 'created'
      ? { kind: 'created', message, sessionAssignee: row.session_assignee }
      : { kind: 'duplicate', message, sessionAssignee: row.session_assignee };
  }

  return {
    /**
     * Stores a message with the conversation's next `seq`, in one call of the database function
     * `parley_append_message` (one round trip, one transaction):
     * 1. lock the conversation row, which serializes writers of one conversation, so `seq` has no
     *    gaps and a retried `clientMessageId` is seen before a second row is made;
     * 2. reuse the open session, or open a new one (an end user writing after a resolve);
     * 3. insert, bump `last_seq` and `updated_at`, and the usage meter when `meter` is given.
     * The result names the open session's assigned agent, which decides whether the bot answers.
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
    async after(orgId: OrgId, conversationId: string, afterSeq: number, limit = 500): Promise<MessageRow[]> {
      const rows = await sql.query<Omit<AppendRow, 'kind' | 'session_assignee'>>(MESSAGES_AFTER, [orgId, conversationId, afterSeq, limit]);
      return rows.map((r) => messageRowOf(orgId, conversationId, r));
    },
  };
}
