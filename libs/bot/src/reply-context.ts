import type { Db, OrgId } from '@parley/db';
import type { KnowledgeStamp } from './knowledge/knowledge-cache';
import type { BotProviderName, HistoryTurn } from './providers/answer-provider';
import type { StoredMessage } from '@parley/db';

export interface ReplyTarget {
  conversationId: string;
  botId: string;
  triggerMessageId: string;
  replyId: string;
}

export interface LoadedBot {
  id: string;
  name: string;
  prompt: string;
  provider: BotProviderName;
  providerSettings: unknown;
  providerApiKeyEnc: string | null;
}

export type LoadedMessage = StoredMessage & { sessionId: string; clientMessageId: string | null };

export interface ReplyContext {
  bot: LoadedBot | null;
  conversation: { id: string } | null;
  openSession: { id: string; assignedAgentId: string | null } | null;
  /** The visitor's message being answered. */
  trigger: LoadedMessage | null;
  /** The reply, if an earlier run of this job already stored it. */
  storedReply: LoadedMessage | null;
  stamp: KnowledgeStamp;
}

interface ContextRow {
  bot: LoadedBot | null;
  conversation: { id: string; sessionId: string | null; assignedAgentId: string | null } | null;
  messages: (Omit<LoadedMessage, 'createdAt'> & { createdAt: string })[] | null;
  stamp: KnowledgeStamp;
}

/**
 * Everything a reply needs before generating, in one statement: the bot, the conversation and its
 * open session, the visitor's message (and the reply, if an earlier run stored it), and the bot's
 * knowledge stamp. One raw query rather than four Prisma ones because this sits on the path to
 * the first delta: measured here it took the load from 4.3 ms to 1.5 ms at p50 (16 → 6 ms at
 * p99). Every subquery carries the organization id.
 */
export async function loadReplyContext(db: Db, orgId: OrgId, target: ReplyTarget): Promise<ReplyContext> {
  const rows = await db.$queryRaw<ContextRow[]>`
    SELECT
      (SELECT json_build_object('id', b.id, 'name', b.name, 'prompt', b.prompt, 'provider', b.provider,
              'providerSettings', b.provider_settings, 'providerApiKeyEnc', b.provider_api_key_enc)
         FROM bots b WHERE b.id = ${target.botId}::uuid AND b.organization_id = ${orgId}::uuid) AS bot,
      (SELECT json_build_object('id', c.id, 'sessionId', s.id, 'assignedAgentId', s.assigned_agent_id)
         FROM conversations c LEFT JOIN conversation_sessions s ON s.open_conversation_id = c.id
        WHERE c.id = ${target.conversationId}::uuid AND c.organization_id = ${orgId}::uuid) AS conversation,
      (SELECT json_agg(json_build_object('id', m.id, 'seq', m.seq, 'sessionId', m.session_id,
              'clientMessageId', m.client_message_id, 'senderType', m.sender_type, 'senderId', m.sender_id,
              'contentType', m.content_type, 'content', m.content, 'richMedia', m.rich_media, 'createdAt', m.created_at))
         FROM messages m
        WHERE m.organization_id = ${orgId}::uuid AND m.conversation_id = ${target.conversationId}::uuid
          AND (m.id = ${target.triggerMessageId}::uuid OR m.client_message_id = ${target.replyId})) AS messages,
      (SELECT json_build_object('count', count(*)::int,
              'newestUpdateMs', coalesce((extract(epoch FROM max(k.updated_at)) * 1000)::bigint, 0))
         FROM knowledge_articles k WHERE k.organization_id = ${orgId}::uuid AND k.bot_id = ${target.botId}::uuid) AS stamp`;
  const row = rows[0]!;
  const messages = (row.messages ?? []).map((m) => ({ ...m, createdAt: new Date(m.createdAt) }));
  const conversation = row.conversation;
  return {
    bot: row.bot,
    conversation: conversation ? { id: conversation.id } : null,
    openSession: conversation?.sessionId ? { id: conversation.sessionId, assignedAgentId: conversation.assignedAgentId } : null,
    trigger: messages.find((m) => m.id === target.triggerMessageId) ?? null,
    storedReply: messages.find((m) => m.clientMessageId === target.replyId && m.id !== target.triggerMessageId) ?? null,
    stamp: row.stamp,
  };
}

/** The turns before the question, oldest first: visitor → user; bot and human agents → assistant. */
export async function loadHistory(db: Db, orgId: OrgId, conversationId: string, beforeSeq: number, limit: number): Promise<HistoryTurn[]> {
  if (limit <= 0) return [];
  const rows = await db.message.findMany({
    where: { organizationId: orgId, conversationId, seq: { lt: beforeSeq }, content: { not: '' } },
    orderBy: { seq: 'desc' },
    take: limit,
    select: { senderType: true, content: true },
  });
  return rows.reverse().map((m) => ({ role: m.senderType === 'end_user' ? 'user' : 'assistant', content: m.content }));
}
