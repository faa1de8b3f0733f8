import { Rooms, Topics, badRequest, type ClientEventPayload } from '@parley/contracts';
import { readReceiptRepository } from '@parley/db';
import { participantIn } from '../access';
import type { HandlerContext } from '../realtime-deps';

/** `user_typing`: the room sees `typing_indicator` (not the typist), then `typing_cleared`. */
export async function userTyping(ctx: HandlerContext, data: ClientEventPayload<'user_typing'>) {
  const who = participantIn(ctx.client, data.conversation_id, Rooms.conversation(data.conversation_id));
  if (data.sender_type !== who.senderType) {
    throw badRequest(`sender_type must be "${who.senderType}" on this connection`, [{ path: 'sender_type', message: 'does not match the connection' }]);
  }
  await ctx.deps.typing.typed(ctx.client, who.orgId, data.conversation_id, who.senderType, ctx.requestId);
  return { conversation_id: data.conversation_id };
}

/**
 * `mark_read` (reserved by the reference, implemented here): records the reader in each
 * message's `read_by` and tells the room who read what. Acknowledged with the ids newly marked.
 */
export async function markRead(ctx: HandlerContext, data: ClientEventPayload<'mark_read'>) {
  const who = participantIn(ctx.client, data.conversation_id, Rooms.conversation(data.conversation_id));
  const readAt = new Date();
  const marked = await readReceiptRepository(ctx.deps.db).markRead(who.orgId, data.conversation_id, data.message_ids, who.readerId, readAt);
  if (marked.length > 0) {
    await ctx.deps.events.publish(
      Topics.messagesRead,
      { orgId: who.orgId, conversationId: data.conversation_id, readerType: who.senderType, readerId: who.readerId, messageIds: marked, readAt: readAt.toISOString() },
      { requestId: ctx.requestId },
    );
  }
  return { conversation_id: data.conversation_id, message_ids: marked, read_at: readAt.toISOString() };
}
