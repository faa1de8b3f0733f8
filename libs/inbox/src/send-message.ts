import { AppError, ErrorCode, Topics, conflict, type AgentMessage, type ContentType, type TopicPayload } from '@parley/contracts';
import { createRepositories, toWidgetMessage, type OrgId, type Prisma } from '@parley/db';
import { checkParticipants, conversationNotFound, noOpenSession } from './inbox-errors';
import { schedulePush } from '@parley/push';
import { announce, type InboxDeps, type InboxMeta } from './inbox-deps';
import { checkMessageContent, type CheckedContent } from './message-content';
import { toAgentMessage } from './views';

export interface OutgoingMessage {
  conversationId: string;
  content: string;
  contentType?: ContentType;
  richMedia?: Record<string, unknown> | null;
  /** Idempotency key: a retry returns the stored message (`duplicate: true`) and announces nothing. */
  clientMessageId?: string;
}

export interface SentMessage {
  message: AgentMessage;
  conversationId: string;
  sessionId: string;
  duplicate: boolean;
}

type ConversationUpdated = TopicPayload<typeof Topics.conversationUpdated>;

/** Stores into the open session (never opening one: that is the end user's move) and announces it. */
async function store(
  deps: InboxDeps,
  orgId: OrgId,
  sender: { type: 'agent' | 'bot'; id: string },
  input: OutgoingMessage,
  checked: CheckedContent,
  meta: InboxMeta,
): Promise<SentMessage> {
  const result = await createRepositories(deps.db).messages.appendToOpenSession(orgId, {
    conversationId: input.conversationId,
    senderType: sender.type,
    senderId: sender.id,
    content: checked.content,
    contentType: checked.contentType,
    richMedia: checked.richMedia as Prisma.InputJsonValue | null,
    ...(input.clientMessageId ? { clientMessageId: input.clientMessageId } : {}),
  });
  if (result.kind === 'not_found') throw conversationNotFound();
  if (result.kind === 'no_open_session') throw noOpenSession();
  const row = result.message;
  // An idempotency key someone else used is not this sender's message to hand back.
  if (row.senderType !== sender.type || row.senderId !== sender.id) {
    throw new AppError(409, ErrorCode.CONFLICT, 'client_message_id is already used by another message of this conversation');
  }
  const duplicate = result.kind === 'duplicate';
  if (!duplicate) {
    const scope = { orgId, conversationId: input.conversationId };
    const message = toWidgetMessage(row);
    const updated = { ...scope, senderType: sender.type, contentType: row.contentType, content: row.content } as ConversationUpdated;
    await announce(deps, { ...scope, messageId: row.id }, () =>
      Promise.all([
        deps.events.publish(Topics.messageCreated, { ...scope, sessionId: row.sessionId, message }, meta),
        deps.events.publish(Topics.conversationUpdated, updated, meta),
        ...(deps.queues ? [schedulePush(deps.queues, { ...scope, messageId: row.id }, meta)] : []),
      ]),
    );
  }
  return { message: toAgentMessage(row), conversationId: input.conversationId, sessionId: row.sessionId, duplicate };
}

/**
 * A human agent's message (REST, the inbox socket, the integration API). The agent must be an
 * active user of the organization (404 AGENT_NOT_FOUND); the conversation must have an open
 * session (409 NO_OPEN_SESSION). Publishes `conversation.message.created` (the conversation's
 * room) and `conversation.updated` (the org queue). Does not assign the conversation.
 */
export async function sendAgentMessage(deps: InboxDeps, orgId: OrgId, input: OutgoingMessage & { agentId: string }, meta: InboxMeta): Promise<SentMessage> {
  const checked = checkMessageContent(input);
  await checkParticipants(deps, orgId, input.conversationId, input.agentId);
  return store(deps, orgId, { type: 'agent', id: input.agentId }, input, checked, meta);
}

/**
 * A message in the name of the conversation's bot (integration API; the bot worker stores its
 * own answers). 409 CONFLICT when the conversation has no bot any more.
 */
export async function sendBotMessage(deps: InboxDeps, orgId: OrgId, input: OutgoingMessage, meta: InboxMeta): Promise<SentMessage> {
  const checked = checkMessageContent(input);
  const conversation = await createRepositories(deps.db).conversations.findById(orgId, input.conversationId);
  if (!conversation) throw conversationNotFound();
  if (!conversation.botId) throw conflict('This conversation has no bot to speak for');
  return store(deps, orgId, { type: 'bot', id: conversation.botId }, input, checked, meta);
}
