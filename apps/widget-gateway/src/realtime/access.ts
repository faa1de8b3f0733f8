import { AppError, ErrorCode, badRequest, notFound } from '@parley/contracts';
import { asOrgId, createRepositories, type OrgId } from '@parley/db';
import type { WidgetClaims } from '@parley/security';
import { isAgent, type EndUserGrant, type RealtimeClient } from './realtime-client';
import type { HandlerContext } from './realtime-deps';

const conversationNotFound = () => notFound('Conversation', ErrorCode.CONVERSATION_NOT_FOUND);

/** The agent behind the connection, or 403: this event is for the inbox. */
export function agentOf(client: RealtimeClient) {
  if (!isAgent(client)) throw new AppError(403, ErrorCode.FORBIDDEN, 'This event is for signed-in agents (session cookie)');
  return client.identity;
}

/** A conversation of the agent's organization; another organization's is "not found", like a missing one. */
export async function agentConversation(ctx: HandlerContext, conversationId: string): Promise<{ agent: ReturnType<typeof agentOf>; conversation: { id: string; lastSeq: number } }> {
  const agent = agentOf(ctx.client);
  const conversation = await createRepositories(ctx.deps.db).conversations.findById(agent.orgId, conversationId);
  if (!conversation) throw conversationNotFound();
  return { agent, conversation: { id: conversation.id, lastSeq: conversation.lastSeq } };
}

/**
 * May this end-user connection act in the conversation, as `externalId`? Proven once per
 * connection and conversation, by the widget token it connected with (scoped to one
 * conversation) or by the external id matching the conversation's end user, as the reference's
 * `join_conversation` does. A verified end user needs the token: an external id alone never
 * speaks for them. Anything else is 404, so ids cannot be probed.
 */
export async function endUserGrant(ctx: HandlerContext, conversationId: string, externalId: string | undefined): Promise<EndUserGrant> {
  const { client, deps } = ctx;
  if (client.identity.kind !== 'visitor') throw new AppError(403, ErrorCode.FORBIDDEN, 'Agents act as agents: send sender_type "agent"');
  const cached = client.grants.get(conversationId);
  if (cached && (externalId === undefined || externalId === cached.externalId)) return cached;

  const token = client.identity.token;
  const grant =
    token && token.conversationId === conversationId
      ? await grantFromToken(ctx, token, externalId)
      : await grantFromExternalId(ctx, conversationId, externalId);
  client.grants.set(conversationId, grant);
  await deps.presence.endUserConnected(client, grant.orgId, grant.endUserId);
  return grant;
}

/** The widget token already names everything; only tokens minted before the `eu` claim need a read. */
async function grantFromToken(ctx: HandlerContext, token: WidgetClaims, externalId: string | undefined): Promise<EndUserGrant> {
  if (externalId !== undefined && externalId !== token.visitorId) throw conversationNotFound();
  const orgId = asOrgId(token.orgId);
  if (token.endUserId) {
    return { orgId, conversationId: token.conversationId, botId: token.botId, endUserId: token.endUserId, externalId: token.visitorId, preview: token.preview };
  }
  return grantFor(ctx, orgId, token.conversationId, token.visitorId);
}

async function grantFromExternalId(ctx: HandlerContext, conversationId: string, externalId: string | undefined): Promise<EndUserGrant> {
  if (externalId === undefined) throw badRequest('external_id is required for end users', [{ path: 'external_id', message: 'required' }]);
  const found = await createRepositories(ctx.deps.db).widgetConversations.findForHistory(conversationId, externalId);
  if (!found) throw conversationNotFound();
  if (found.verified) throw new AppError(401, ErrorCode.UNAUTHENTICATED, 'This end user is verified: connect with the widget token from /v1/widget/init');
  return grantFor(ctx, found.orgId, conversationId, externalId);
}

async function grantFor(ctx: HandlerContext, orgId: OrgId, conversationId: string, externalId: string): Promise<EndUserGrant> {
  const conversation = await createRepositories(ctx.deps.db).conversations.findById(orgId, conversationId);
  if (!conversation) throw conversationNotFound();
  return { orgId, conversationId, botId: conversation.botId, endUserId: conversation.endUserId, externalId, preview: conversation.isPreview };
}

/** The organization and sender type of whoever acts in a conversation they already joined. */
export function participantIn(client: RealtimeClient, conversationId: string, room: string) {
  if (!client.rooms.has(room)) throw new AppError(403, ErrorCode.FORBIDDEN, 'Join the conversation first (join_conversation)');
  if (isAgent(client)) return { orgId: client.identity.orgId, senderType: 'agent' as const, readerId: client.identity.userId };
  const grant = client.grants.get(conversationId);
  if (!grant) throw conversationNotFound();
  return { orgId: grant.orgId, senderType: 'end_user' as const, readerId: grant.externalId };
}
