import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

/**
 * `read_by` on messages: `{ "<reader id>": "<ISO time>" }`. A reader marks messages of one
 * conversation; messages already read by them keep their first time, and a reader's own
 * messages are not "read" by them.
 */
export function readReceiptRepository(db: Db) {
  return {
    /** The ids that were newly marked (unknown, foreign, own and already-read ones are skipped). */
    async markRead(orgId: OrgId, conversationId: string, messageIds: readonly string[], readerId: string, at: Date): Promise<string[]> {
      if (messageIds.length === 0) return [];
      const rows = await db.$queryRaw<{ id: string }[]>`
        UPDATE messages SET read_by = read_by || jsonb_build_object(${readerId}::text, ${at.toISOString()}::text)
        WHERE organization_id = ${orgId}::uuid AND conversation_id = ${conversationId}::uuid
          AND id = ANY(${[...messageIds]}::uuid[]) AND sender_id <> ${readerId} AND NOT (read_by ? ${readerId})
        RETURNING id::text AS id`;
      return rows.map((r) => r.id);
    },
  };
}
