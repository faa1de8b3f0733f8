import { Topics } from '@parley/contracts';
import { createRepositories, type OrgId, type SessionAssignment } from '@parley/db';
import { announce, type InboxDeps, type InboxMeta } from './inbox-deps';
import { alreadyAssigned, checkParticipants, conversationNotFound, noOpenSession } from './inbox-errors';

export interface AssignInput {
  conversationId: string;
  /** Who gets the open session: the claiming agent, or the agent an admin reassigns it to. */
  agentId: string;
  /**
   * `claim` (default): only a session nobody holds; claiming one you already hold is a no-op.
   * `reassign`: whoever holds it. Whether the caller may reassign (admins, API keys) is the
   * caller's check: this function knows no roles.
   */
  mode?: 'claim' | 'reassign';
}

export interface AssignResult {
  conversationId: string;
  sessionId: string;
  assignedAgentId: string;
  assignedAt: Date;
  /** False when the agent already held the session: nothing was written or published. */
  changed: boolean;
}

/**
 * Sets the open session's `assigned_agent_id` and `assigned_at` (reference: Assignment Process)
 * and publishes `conversation.assigned` to the org queue, whichever transport asked.
 *
 * Race-safe: the claim is one conditional UPDATE, so of any number of agents claiming at the
 * same moment exactly one wins; the others get 409 ALREADY_ASSIGNED. Also 404
 * CONVERSATION_NOT_FOUND (missing or another org's), 404 AGENT_NOT_FOUND (not an active user of
 * the org), 409 NO_OPEN_SESSION (resolved).
 */
export async function assignConversation(deps: InboxDeps, orgId: OrgId, input: AssignInput, meta: InboxMeta): Promise<AssignResult> {
  const repos = createRepositories(deps.db);
  await checkParticipants(deps, orgId, input.conversationId, input.agentId);

  const assignment =
    input.mode === 'reassign'
      ? await repos.sessions.reassign(orgId, input.conversationId, input.agentId)
      : await repos.sessions.claim(orgId, input.conversationId, input.agentId);
  if (!assignment) return explainUnassigned(deps, orgId, input);

  const changed = assignment.previousAgentId !== input.agentId;
  if (changed) await publishAssigned(deps, orgId, input.conversationId, assignment, meta);
  return toResult(input.conversationId, assignment, changed);
}

/** Nothing was updated: say why, reading the state the statement saw (or a later one). */
async function explainUnassigned(deps: InboxDeps, orgId: OrgId, input: AssignInput): Promise<AssignResult> {
  const conversation = await createRepositories(deps.db).conversations.findById(orgId, input.conversationId);
  if (!conversation) throw conversationNotFound();
  const open = conversation.sessions[0];
  if (!open) throw noOpenSession();
  if (open.assignedAgentId === input.agentId && open.assignedAt) {
    return { conversationId: conversation.id, sessionId: open.id, assignedAgentId: input.agentId, assignedAt: open.assignedAt, changed: false };
  }
  throw alreadyAssigned();
}

function publishAssigned(deps: InboxDeps, orgId: OrgId, conversationId: string, a: SessionAssignment, meta: InboxMeta) {
  const payload = { orgId, conversationId, sessionId: a.id, assignedTo: a.assignedAgentId };
  return announce(deps, { conversationId, sessionId: a.id }, () => deps.events.publish(Topics.conversationAssigned, payload, meta));
}

const toResult = (conversationId: string, a: SessionAssignment, changed: boolean): AssignResult => ({
  conversationId,
  sessionId: a.id,
  assignedAgentId: a.assignedAgentId,
  assignedAt: a.assignedAt,
  changed,
});
