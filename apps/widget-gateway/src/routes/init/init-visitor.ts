import type { FastifyInstance } from 'fastify';
import { ErrorCode, INIT_RESUME_MESSAGES, notFound, type InitBody, type InitResponse } from '@parley/contracts';
import type { IdentityVerifier } from '@parley/auth';
import { createRepositories } from '@parley/db';
import { toWidgetMessage } from '@parley/db';
import { checkInitOrigin, resolveWidgetSource, webchatChannelOf } from './widget-source';
import { resolveVisitor } from './visitor-identity';

const jsonObject = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The steps of `/init`, cheapest refusal first: the embed token or bot (403/404), the Origin
 * gate (403), only then the identity assertion (401; verifying it spends its one-time `jti`),
 * the end user, the conversation, and a widget token scoped to that conversation.
 */
export async function initVisitor(app: FastifyInstance, verifier: IdentityVerifier, body: InitBody, origin: string | undefined): Promise<InitResponse> {
  const source = await resolveWidgetSource(app.db, body, (err) => app.log.warn({ err }, 'could not record embed token use'));
  checkInitOrigin(source, origin);
  const { orgId, bot } = source;
  const channelId = await webchatChannelOf(app.db, source);
  const visitor = await resolveVisitor(app.db, verifier, orgId, body);

  const repos = createRepositories(app.db);
  let conversation;
  if (body.conversation_id !== undefined) {
    // Resuming a named conversation: it must be this visitor's on this channel, or it is "not found".
    conversation = await repos.widgetConversations.findConversation(orgId, channelId, visitor.endUserId);
    if (!conversation || conversation.id !== body.conversation_id) throw notFound('Conversation', ErrorCode.CONVERSATION_NOT_FOUND);
  } else {
    conversation = await repos.conversations.getOrCreate(orgId, { channelId, endUserId: visitor.endUserId, botId: bot.id });
    if (!conversation) throw notFound('Conversation', ErrorCode.CONVERSATION_NOT_FOUND);
  }

  const history = conversation.lastSeq > 0 ? await repos.messages.page(orgId, conversation.id, { limit: INIT_RESUME_MESSAGES, offset: 0 }) : [];
  const signed = await app.widgetTokens.sign({
    orgId,
    botId: bot.id,
    conversationId: conversation.id,
    visitorId: visitor.externalId,
    channelId,
    endUserId: visitor.endUserId,
    preview: conversation.isPreview,
  });
  return {
    conversation_id: conversation.id,
    visitor_id: visitor.externalId,
    verified: visitor.verified,
    token: signed.token,
    expires_at: signed.expiresAt.toISOString(),
    expires_in: signed.expiresIn,
    bot: { id: bot.id, name: bot.name, greeting: bot.greeting, theme: jsonObject(bot.theme), lead_capture: jsonObject(bot.leadCapture) },
    messages: history.map(toWidgetMessage),
  };
}
