import { Topics } from '@parley/contracts';
import { createRepositories, type OrgId } from '@parley/db';
import { announce, type InboxDeps, type InboxMeta } from './inbox-deps';
import { applyTagEdit, changedSession } from './session-tags';

export interface ResolveInput {
  conversationId: string;
  /** Added to the session's tags (those set during the session are kept). */
  tags?: readonly string[];
  /** The agent who resolved it; absent for API keys. */
  resolvedById?: string;
}

export interface ResolveResult {
  conversationId: string;
  sessionId: string;
  tags: string[];
  resolvedAt: Date;
}

/**
 * Closes the open session (reference: Resolve Conversation): `resolved`, `resolved_at`, the final
 * tags, and `conversation.resolved` on the bus. The conversation row is locked meanwhile, so an
 * end user's message racing the resolve lands either in the old session (before) or opens a new
 * one (after): never two open sessions, never a message in a session closed under it.
 * 404 CONVERSATION_NOT_FOUND, 409 NO_OPEN_SESSION (already resolved).
 */
export async function resolveConversation(deps: InboxDeps, orgId: OrgId, input: ResolveInput, meta: InboxMeta): Promise<ResolveResult> {
  const change = await createRepositories(deps.db).sessions.resolve(orgId, input.conversationId, {
    tags: (current) => applyTagEdit(current, { add: input.tags ?? [] }),
    ...(input.resolvedById ? { resolvedById: input.resolvedById } : {}),
  });
  const session = changedSession(change);
  const payload = { orgId, conversationId: input.conversationId, sessionId: session.id, tags: session.tags };
  await announce(deps, { conversationId: input.conversationId, sessionId: session.id }, () =>
    deps.events.publish(Topics.conversationResolved, payload, meta),
  );
  return { conversationId: input.conversationId, sessionId: session.id, tags: session.tags, resolvedAt: session.resolvedAt ?? new Date() };
}
