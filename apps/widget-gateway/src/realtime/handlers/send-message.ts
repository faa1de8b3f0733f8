import { AppError, ErrorCode, Rooms, badRequest, notFound, rateLimited, type ClientEventPayload } from '@parley/contracts';
import { sendAgentMessage } from '@parley/inbox';
import { requestBotReply } from '@parley/bot';
import { agentOf, endUserGrant } from '../access';
import type { HandlerContext } from '../realtime-deps';
import { currentSeq, enterConversation } from './rooms';
import {
  botBudget,
  budgetExceeded,
  consumeTokenBuckets,
  conversationBudgetKey,
  refundTokenBuckets,
  SENDER_MESSAGE_BUDGET,
  senderBudgetKey,
} from '../../budget/conversation-budget';
import { storeVisitorMessage } from '../../messages/store-visitor-message';

type SendMessage = ClientEventPayload<'send_message'>;

/**
 * `send_message`: stored once (a resend with the same `client_message_id` returns the first
 * result), announced to the room, acknowledged with `{id, seq}`. An end user's message may start
 * the bot; an agent's never does.
 */
export async function sendMessage(ctx: HandlerContext, data: SendMessage) {
  if (data.sender_type === 'agent') return sendAsAgent(ctx, data);
  if (data.sender_type === 'end_user') return sendAsEndUser(ctx, data);
  throw new AppError(403, ErrorCode.FORBIDDEN, 'Only end users and agents send over the socket');
}

const ack = (m: { id: string; seq: number }, conversationId: string, duplicate: boolean) => ({ id: m.id, seq: m.seq, conversation_id: conversationId, duplicate });

async function sendAsAgent(ctx: HandlerContext, data: SendMessage) {
  const agent = agentOf(ctx.client);
  if (!data.conversation_id) throw badRequest('conversation_id is required', [{ path: 'conversation_id', message: 'required' }]);
  const sent = await sendAgentMessage(
    { db: ctx.deps.db, events: ctx.deps.events, log: ctx.deps.log, queues: ctx.deps.queues },
    agent.orgId,
    {
      conversationId: data.conversation_id,
      agentId: agent.userId,
      content: data.content,
      ...(data.content_type ? { contentType: data.content_type } : {}),
      ...(data.rich_media !== undefined ? { richMedia: data.rich_media } : {}),
      ...(data.client_message_id ? { clientMessageId: data.client_message_id } : {}),
    },
    { requestId: ctx.requestId },
  );
  await ctx.deps.typing.stopped(ctx.client, data.conversation_id);
  return ack(sent.message, data.conversation_id, sent.duplicate);
}

async function sendAsEndUser(ctx: HandlerContext, data: SendMessage) {
  const token = ctx.client.identity.kind === 'visitor' ? ctx.client.identity.token : null;
  const conversationId = data.conversation_id ?? token?.conversationId;
  if (!conversationId) throw badRequest('conversation_id is required', [{ path: 'conversation_id', message: 'required' }]);
  const grant = await endUserGrant(ctx, conversationId, data.external_id);
  const { deps } = ctx;

  // Limits before anything is stored, in one round trip: the sender's own rate, then the bot's
  // conversation budget (untouched when the sender is over their rate).
  const bot = grant.botId ? await deps.bots.get(grant.orgId, grant.botId) : null;
  if (grant.botId && !bot) throw notFound('Bot');
  const buckets = [
    { key: senderBudgetKey(deps.ns, grant.orgId, grant.externalId), budget: SENDER_MESSAGE_BUDGET },
    ...(bot ? [{ key: conversationBudgetKey(deps.ns, conversationId), budget: botBudget(bot) }] : []),
  ];
  const limits = await consumeTokenBuckets(deps.redis, buckets);
  if (limits.refusedBy === 0) throw rateLimited(limits.decision.retryAfterSeconds, 'Too many messages from this end user: this one was not sent');
  if (limits.refusedBy === 1) throw budgetExceeded(limits.decision);

  // The sender hears the room (its own message, the bot's answer) from here on.
  if (!ctx.client.rooms.has(Rooms.conversation(conversationId))) {
    await enterConversation(ctx, grant.orgId, conversationId, undefined, await currentSeq(ctx, grant.orgId, conversationId));
  }
  const stored = await storeVisitorMessage(
    { db: deps.db, events: deps.events, log: deps.log },
    { orgId: grant.orgId, conversationId, visitorId: grant.externalId, preview: grant.preview },
    {
      content: data.content,
      ...(data.content_type ? { content_type: data.content_type } : {}),
      ...(data.rich_media !== undefined ? { rich_media: data.rich_media } : {}),
      ...(data.client_message_id ? { client_message_id: data.client_message_id } : {}),
    },
    { requestId: ctx.requestId },
  );
  // A retry of a stored message: its first attempt paid, so this one gives the tokens back.
  if (stored.duplicate) await refundTokenBuckets(deps.redis, buckets);
  await deps.typing.stopped(ctx.client, conversationId);
  if (bot && !stored.duplicate && !stored.assignedAgentId) {
    // Deltas and the stored answer reach the room over the bus; nobody here waits for them.
    const reply = await requestBotReply(
      { queues: deps.queues, events: deps.events },
      { orgId: grant.orgId, conversationId, botId: bot.id, triggerMessageId: stored.message.id, requestId: ctx.requestId, fresh: true },
    );
    void reply.done;
  }
  return ack(stored.message, conversationId, stored.duplicate);
}
