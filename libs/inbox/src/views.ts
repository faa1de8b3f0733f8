import type { AgentMessage, ConversationSummary, IntegrationConversation, SessionView } from '@parley/contracts';
import { toWidgetMessage, type ConversationSessionRow, type ConversationWithParticipants, type StoredMessage } from '@parley/db';

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** Reference: List Conversations item (also Get Conversation). */
export function toConversationSummary(row: ConversationWithParticipants): ConversationSummary {
  const open = row.sessions[0];
  return {
    id: row.id,
    end_user: { id: row.endUser.id, display_name: row.endUser.displayName, external_id: row.endUser.externalId },
    channel_id: row.channelId,
    active_session: open ? { id: open.id, status: open.status, assigned_agent_id: open.assignedAgentId, tags: open.tags } : null,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

export function toSessionView(s: ConversationSessionRow): SessionView {
  return {
    id: s.id,
    status: s.status,
    assigned_agent_id: s.assignedAgentId,
    tags: s.tags,
    first_message_at: isoOrNull(s.firstMessageAt),
    assigned_at: isoOrNull(s.assignedAt),
    resolved_at: isoOrNull(s.resolvedAt),
  };
}

/** Reference: the Conversation data model, with the session's timestamps (integration API). */
export function toIntegrationConversation(row: ConversationWithParticipants): IntegrationConversation {
  const open = row.sessions[0];
  return {
    ...toConversationSummary(row),
    organization_id: row.organizationId,
    bot_id: row.botId,
    last_message_at: isoOrNull(row.lastMessageAt),
    active_session: open ? toSessionView(open) : null,
  };
}

/** Read receipts are `{reader id: ISO time}`; anything else in the column is left out. */
function readBy(json: unknown): Record<string, string> {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return {};
  return Object.fromEntries(Object.entries(json).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Reference: Message History, agent endpoint (with `session_id` and `read_by`). */
export function toAgentMessage(row: StoredMessage & { sessionId: string; readBy: unknown }): AgentMessage {
  return { ...toWidgetMessage(row), session_id: row.sessionId, read_by: readBy(row.readBy) };
}
