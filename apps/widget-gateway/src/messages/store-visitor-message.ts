import type { FastifyBaseLogger } from 'fastify';
import { notFound, ErrorCode, Topics, type VisitorMessageBody, type WidgetMessage } from '@parley/contracts';
import type { EventBus } from '@parley/bus';
import type { WidgetAuth } from '@parley/auth';
import { createRepositories, type Db, type Prisma } from '@parley/db';
import { checkVisitorMessage } from './check-visitor-message';
import { toWidgetMessage } from '@parley/db';

export interface VisitorMessageDeps {
  db: Db;
  events: EventBus;
  log: FastifyBaseLogger;
}

/** Who sends and where: a widget token's claims, or a socket's proven end-user grant. */
export type VisitorScope = Pick<WidgetAuth, 'orgId' | 'conversationId' | 'visitorId' | 'preview'>;

export interface StoredVisitorMessage {
  message: WidgetMessage;
  sessionId: string;
  /** True when a retry (same client_message_id) found the message already stored. */
  duplicate: boolean;
  /**
   * The human agent who holds the conversation's open session, if any: the caller then emits
   * `handoff` instead of asking the bot.
   */
  assignedAgentId: string | null;
}

/**
 * A visitor's message from the widget: checked, stored once, metered once, announced.
 *
 * - `messages.append` gives it the next `seq` and makes a retried `client_message_id` return
 *   the stored row instead of a second one; a duplicate is neither metered nor announced again.
 * - Usage: one `text_message` (or `preview_text_message` in a dashboard preview) per stored row,
 *   whatever its content type: everything typed into the text widget is text-mode usage, and
 *   voice is metered in minutes elsewhere. The counter is bumped in the insert's own commit, so
 *   a stored message is counted exactly once, even across retries and crashes.
 * - Pub/sub: `conversation.message.created` (the conversation's room) and `conversation.updated`
 *   (the inbox queue), started here and not awaited, so the caller can queue the bot's reply in
 *   the same turn: on the first-token path that saved a Redis round trip. A failed publish is
 *   logged, not thrown (`announce` never rejects): the message is stored, and an error would make
 *   the widget retry a send that succeeded.
 */
export async function storeVisitorMessage(
  deps: VisitorMessageDeps,
  auth: VisitorScope,
  body: VisitorMessageBody,
  meta: { requestId: string },
): Promise<StoredVisitorMessage> {
  const checked = checkVisitorMessage(body);
  const repos = createRepositories(deps.db);
  const result = await repos.messages.append(auth.orgId, {
    conversationId: auth.conversationId,
    senderType: 'end_user',
    senderId: auth.visitorId,
    content: checked.content,
    contentType: checked.contentType,
    richMedia: checked.richMedia as Prisma.InputJsonValue | null,
    ...(checked.clientMessageId ? { clientMessageId: checked.clientMessageId } : {}),
    meter: auth.preview ? 'preview_text_message' : 'text_message',
  });
  if (result.kind === 'not_found') throw notFound('Conversation', ErrorCode.CONVERSATION_NOT_FOUND);

  const row = result.message;
  const message = toWidgetMessage(row);
  const duplicate = result.kind === 'duplicate';
  const assignedAgentId = result.sessionAssignee;
  if (!duplicate) void announce(deps, auth, row.sessionId, message, meta);
  return { message, sessionId: row.sessionId, duplicate, assignedAgentId };
}

async function announce(deps: VisitorMessageDeps, auth: VisitorScope, sessionId: string, message: WidgetMessage, meta: { requestId: string }) {
  const scope = { orgId: auth.orgId, conversationId: auth.conversationId };
  try {
    await Promise.all([
      // The conversation row exists from /init on (every page view makes one), but for
      // integrators a conversation starts when someone says something: its first message.
      ...(message.seq === 1 ? [announceCreated(deps, auth, meta)] : []),
      deps.events.publish(Topics.messageCreated, { ...scope, sessionId, message }, meta),
      deps.events.publish(
        Topics.conversationUpdated,
        { ...scope, senderType: message.sender_type, contentType: message.content_type, content: message.content },
        meta,
      ),
    ]);
  } catch (err) {
    deps.log.error({ err, conversationId: auth.conversationId, messageId: message.id }, 'could not announce a stored visitor message');
  }
}

async function announceCreated(deps: VisitorMessageDeps, auth: VisitorScope, meta: { requestId: string }) {
  const conversation = await createRepositories(deps.db).conversations.findById(auth.orgId, auth.conversationId);
  if (!conversation) return;
  await deps.events.publish(
    Topics.conversationCreated,
    { orgId: auth.orgId, conversationId: conversation.id, channelId: conversation.channelId, endUserId: conversation.endUserId, botId: conversation.botId },
    meta,
  );
}
