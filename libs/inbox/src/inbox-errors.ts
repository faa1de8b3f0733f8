import { ErrorCode, conflict, notFound } from '@parley/contracts';
import { createRepositories, type Db, type OrgId } from '@parley/db';

/** Missing and another organization's look the same: 404, never 403, so no id is confirmed. */
export const conversationNotFound = () => notFound('Conversation', ErrorCode.CONVERSATION_NOT_FOUND);
export const agentNotFound = () => notFound('Agent', ErrorCode.AGENT_NOT_FOUND);
export const noOpenSession = () =>
  conflict('The conversation has no open session: it is resolved until the end user writes again', ErrorCode.NO_OPEN_SESSION);
export const alreadyAssigned = () => conflict('Another agent has already claimed this conversation', ErrorCode.ALREADY_ASSIGNED);

/**
 * The conversation is this organization's (else 404 CONVERSATION_NOT_FOUND, checked first so a
 * stranger learns nothing about agents either) and the agent an active user of it (else 404
 * AGENT_NOT_FOUND). One round trip for both.
 */
export async function checkParticipants(deps: { db: Db }, orgId: OrgId, conversationId: string, agentId: string): Promise<void> {
  const [conversations, agent] = await Promise.all([
    deps.db.conversation.count({ where: { id: conversationId, organizationId: orgId } }),
    createRepositories(deps.db).users.findActive(orgId, agentId),
  ]);
  if (!conversations) throw conversationNotFound();
  if (!agent) throw agentNotFound();
}
