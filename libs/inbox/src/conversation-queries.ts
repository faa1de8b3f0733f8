import type { AgentMessage } from '@parley/contracts';
import { createRepositories, type ConversationFilter, type ConversationWithParticipants, type Db, type OrgId } from '@parley/db';
import { conversationNotFound } from './inbox-errors';
import { decodeCursor, pageOf } from './list-cursor';
import { toAgentMessage } from './views';

export interface ListConversationsInput {
  filter: ConversationFilter;
  /** The calling agent, for `mine`. */
  agentId?: string;
  limit: number;
  /** A `nextCursor` of a previous page. */
  cursor?: string;
}

/** One page of the inbox, newest activity first, and the cursor of the next page (null: last page). */
export async function listConversations(
  db: Db,
  orgId: OrgId,
  input: ListConversationsInput,
): Promise<{ items: ConversationWithParticipants[]; nextCursor: string | null }> {
  const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
  const rows = await createRepositories(db).conversations.list(orgId, {
    filter: input.filter,
    ...(input.agentId ? { agentId: input.agentId } : {}),
    limit: input.limit + 1,
    ...(cursor ? { cursor: { updatedAt: cursor.at, id: cursor.id } } : {}),
  });
  return pageOf(rows, input.limit, (row) => ({ at: row.updatedAt, id: row.id }));
}

/** 404 CONVERSATION_NOT_FOUND when it is missing or another organization's: the two look the same. */
export async function getConversation(db: Db, orgId: OrgId, conversationId: string): Promise<ConversationWithParticipants> {
  const row = await createRepositories(db).conversations.findById(orgId, conversationId);
  if (!row) throw conversationNotFound();
  return row;
}

export type MessagePage = { limit: number; offset: number } | { limit: number; afterSeq: number };

/**
 * A conversation's messages in the agent shape. `offset` pages from the newest end (the last
 * `limit` messages, oldest first within the page); `afterSeq` returns what follows a known seq.
 */
export async function listMessages(db: Db, orgId: OrgId, conversationId: string, page: MessagePage): Promise<AgentMessage[]> {
  const repos = createRepositories(db);
  const [exists, rows] = await Promise.all([
    db.conversation.count({ where: { id: conversationId, organizationId: orgId } }),
    'afterSeq' in page
      ? repos.messages.after(orgId, conversationId, page.afterSeq, page.limit)
      : repos.messages.page(orgId, conversationId, page),
  ]);
  if (!exists) throw conversationNotFound();
  return rows.map(toAgentMessage);
}
