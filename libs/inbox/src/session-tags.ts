import { AppError, ErrorCode, MAX_SESSION_TAGS } from '@parley/contracts';
import { createRepositories, type Db, type OrgId, type OpenSessionChange, type ConversationSessionRow } from '@parley/db';
import { conversationNotFound, noOpenSession } from './inbox-errors';

/** Trimmed, empty ones dropped, first occurrence kept; labels are compared exactly (case kept). */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}

/** `current` plus `add` minus `remove`, in first-seen order; 400 beyond MAX_SESSION_TAGS. */
export function applyTagEdit(current: readonly string[], edit: { add?: readonly string[]; remove?: readonly string[] }): string[] {
  const removed = new Set(normalizeTags(edit.remove ?? []));
  const tags = normalizeTags([...current, ...(edit.add ?? [])]).filter((t) => !removed.has(t));
  if (tags.length > MAX_SESSION_TAGS) {
    throw new AppError(400, ErrorCode.VALIDATION_FAILED, `A session has at most ${MAX_SESSION_TAGS} tags`, [
      { path: 'body/tags', message: `would make ${tags.length} tags` },
    ]);
  }
  return tags;
}

/** The open session after a change, or the 404 / 409 the change ran into. */
export function changedSession(change: OpenSessionChange<ConversationSessionRow>): ConversationSessionRow {
  if (change.kind === 'not_found') throw conversationNotFound();
  if (change.kind === 'no_open_session') throw noOpenSession();
  return change.session;
}

export interface TaggedSession {
  conversationId: string;
  sessionId: string;
  tags: string[];
}

/**
 * Adds and removes labels on the open session, atomically (the edit runs under the conversation
 * lock, so two agents tagging at once both keep their tags). Publishes nothing: tags change no
 * queue. 404 CONVERSATION_NOT_FOUND, 409 NO_OPEN_SESSION.
 */
export async function editSessionTags(
  deps: { db: Db },
  orgId: OrgId,
  input: { conversationId: string; add?: readonly string[]; remove?: readonly string[] },
): Promise<TaggedSession> {
  const change = await createRepositories(deps.db).sessions.editTags(orgId, input.conversationId, (current) => applyTagEdit(current, input));
  const session = changedSession(change);
  return { conversationId: input.conversationId, sessionId: session.id, tags: session.tags };
}
