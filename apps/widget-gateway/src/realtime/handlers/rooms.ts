import { Rooms, type ClientEventPayload } from '@parley/contracts';
import { assignConversation } from '@parley/inbox';
import { createRepositories, type OrgId } from '@parley/db';
import { agentConversation, agentOf, endUserGrant } from '../access';
import type { HandlerContext } from '../realtime-deps';

/** Joins `conv:{id}` and starts delivery after `lastSeq`: missed messages first, then live ones. */
export async function enterConversation(ctx: HandlerContext, orgId: OrgId, conversationId: string, lastSeq: number | undefined, currentSeq: number) {
  const { hub, delivery } = ctx.deps;
  // In the room before the replay reads, so nothing stored meanwhile slips between the two.
  hub.join(ctx.client, Rooms.conversation(conversationId));
  await delivery.open(ctx.client, orgId, conversationId, lastSeq, currentSeq);
  return { conversation_id: conversationId, last_seq: currentSeq };
}

export async function joinConversation(ctx: HandlerContext, data: ClientEventPayload<'join_conversation'>) {
  if (ctx.client.identity.kind === 'agent') {
    const { agent, conversation } = await agentConversation(ctx, data.conversation_id);
    return enterConversation(ctx, agent.orgId, conversation.id, data.last_seq, conversation.lastSeq);
  }
  const grant = await endUserGrant(ctx, data.conversation_id, data.external_id);
  const current = await currentSeq(ctx, grant.orgId, grant.conversationId);
  return enterConversation(ctx, grant.orgId, grant.conversationId, data.last_seq, current);
}

export async function currentSeq(ctx: HandlerContext, orgId: OrgId, conversationId: string): Promise<number> {
  return createRepositories(ctx.deps.db).conversations.lastSeq(orgId, conversationId);
}

export function leaveConversation(ctx: HandlerContext, data: ClientEventPayload<'leave_conversation'>) {
  ctx.deps.hub.leave(ctx.client, Rooms.conversation(data.conversation_id));
  ctx.deps.delivery.close(ctx.client, data.conversation_id);
  return { conversation_id: data.conversation_id };
}

export function joinQueue(ctx: HandlerContext) {
  const agent = agentOf(ctx.client);
  ctx.deps.hub.join(ctx.client, Rooms.orgQueue(agent.orgId));
  return { room: Rooms.orgQueue(agent.orgId) };
}

/** Joins the presence room; the acknowledgement lists who is online now, so a new inbox starts right. */
export async function joinOrgPresence(ctx: HandlerContext) {
  const agent = agentOf(ctx.client);
  ctx.deps.hub.join(ctx.client, Rooms.orgPresence(agent.orgId));
  return { room: Rooms.orgPresence(agent.orgId), online: await ctx.deps.presence.onlineAgents(agent.orgId) };
}

/** The same service method as `POST /api/conversations/:id/assign`; the winner joins the conversation. */
export async function claimConversation(ctx: HandlerContext, data: ClientEventPayload<'claim_conversation'>) {
  const agent = agentOf(ctx.client);
  const deps = { db: ctx.deps.db, events: ctx.deps.events, log: ctx.deps.log };
  const result = await assignConversation(deps, agent.orgId, { conversationId: data.conversation_id, agentId: agent.userId }, { requestId: ctx.requestId });
  await enterConversation(ctx, agent.orgId, data.conversation_id, undefined, await currentSeq(ctx, agent.orgId, data.conversation_id));
  return { conversation_id: result.conversationId, assigned_to: result.assignedAgentId, assigned_at: result.assignedAt.toISOString() };
}
