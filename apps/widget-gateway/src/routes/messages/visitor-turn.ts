import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode, notFound, type VisitorMessageBody } from '@parley/contracts';
import { requestBotReply, type BotReplyCompleted } from '@parley/bot';
import { widgetAuth } from '../../origins/widget-auth';
import { assertConversationBudget, botBudget, conversationBudgetKey, refundTokenBuckets } from '../../budget/conversation-budget';
import { storeVisitorMessage, type StoredVisitorMessage } from '../../messages/store-visitor-message';

export interface ReplyListener {
  onDelta(delta: string, index: number): void;
}

export type TurnOutcome =
  | { kind: 'handoff'; visitor: StoredVisitorMessage }
  | { kind: 'bot'; visitor: StoredVisitorMessage; done: Promise<BotReplyCompleted>; cancel(): Promise<void> };

/**
 * One visitor turn, shared by `/messages` (JSON) and `/messages/stream` (SSE): spend the
 * conversation's budget (429 before anything is stored), store the message once, then either
 * report that a human agent holds the conversation or ask the bot. A retried `client_message_id`
 * finds the stored message, and `requestBotReply` finds the answer already given to it, so a retry
 * never makes a second message or a second answer.
 */
export async function startVisitorTurn(
  app: FastifyInstance,
  request: FastifyRequest,
  body: VisitorMessageBody,
  listener: ReplyListener,
): Promise<TurnOutcome> {
  const auth = await widgetAuth(request);
  const bot = await app.bots.get(auth.orgId, auth.botId);
  if (!bot) throw notFound('Bot', ErrorCode.NOT_FOUND);
  const budget = botBudget(bot);
  await assertConversationBudget(app.redis, app.redisNs, auth.conversationId, budget);
  const visitor = await storeVisitorMessage({ db: app.db, events: app.events, log: request.log }, auth, body, {
    requestId: request.id,
  });
  // A retry of a stored message: its first attempt paid, so this one gives the token back.
  if (visitor.duplicate) await refundTokenBuckets(app.redis, [{ key: conversationBudgetKey(app.redisNs, auth.conversationId), budget }]);
  if (visitor.assignedAgentId) return { kind: 'handoff', visitor };
  const pending = await requestBotReply(
    { queues: app.queues, events: app.events, onHandlerError: (err) => request.log.warn({ err }, 'reply listener failed') },
    { orgId: auth.orgId, conversationId: auth.conversationId, botId: auth.botId, triggerMessageId: visitor.message.id, requestId: request.id, fresh: !visitor.duplicate },
    { onDelta: (delta, index) => listener.onDelta(delta, index) },
  );
  return { kind: 'bot', visitor, done: pending.done, cancel: () => pending.cancel() };
}
