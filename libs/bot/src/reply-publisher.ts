import { Topics, type TopicPayload } from '@parley/contracts';
import type { EventBus } from '@parley/bus';
import { toWidgetMessage, type StoredMessage } from '@parley/db';

export type BotReplyCompleted = TopicPayload<typeof Topics.botReplyCompleted>;
export type BotReplyStatus = BotReplyCompleted['status'];
type ConversationUpdated = TopicPayload<typeof Topics.conversationUpdated>;

export interface ReplyScope {
  orgId: string;
  conversationId: string;
  replyId: string;
  requestId: string;
}

/** Every event of one reply, stamped with the reply's scope and the request that caused it. */
export function replyPublisher(events: Pick<EventBus, 'publish'>, scope: ReplyScope) {
  const { orgId, conversationId, replyId, requestId } = scope;
  const meta = { requestId };
  return {
    delta(delta: string, index: number) {
      return events.publish(Topics.botReplyDelta, { orgId, conversationId, replyId, delta, index }, meta);
    },

    /** A reply that stored nothing: cancelled, or its conversation or bot is gone. */
    async failed(error: { code: string; message: string }): Promise<BotReplyCompleted> {
      const completion: BotReplyCompleted = { orgId, conversationId, replyId, status: 'error', error };
      await events.publish(Topics.botReplyCompleted, completion, meta);
      return completion;
    },

    /** An agent owns the conversation: no bot message at all. */
    async handedOver(): Promise<BotReplyCompleted> {
      const completion: BotReplyCompleted = { orgId, conversationId, replyId, status: 'handoff' };
      await events.publish(Topics.botReplyCompleted, completion, meta);
      return completion;
    },

    /**
     * The stored bot message: the listener's completion first (it is waiting), then the
     * conversation's own events for sockets and the inbox. One connection keeps them in order.
     */
    async stored(status: BotReplyStatus, row: StoredMessage & { sessionId: string }, error?: { code: string; message: string }) {
      const message = toWidgetMessage(row);
      const completion: BotReplyCompleted = { orgId, conversationId, replyId, status, message, ...(error ? { error } : {}) };
      await Promise.all([
        events.publish(Topics.botReplyCompleted, completion, meta),
        events.publish(Topics.messageCreated, { orgId, conversationId, sessionId: row.sessionId, message }, meta),
        events.publish(
          Topics.conversationUpdated,
          // Cast: contracts' literal unions come out of TypeBox's `Static` as never.
          { orgId, conversationId, senderType: 'bot', contentType: row.contentType, content: message.content } as ConversationUpdated,
          meta,
        ),
      ]);
      return completion;
    },
  };
}
export type ReplyPublisher = ReturnType<typeof replyPublisher>;
