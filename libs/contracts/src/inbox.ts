import { Type, type Static } from 'typebox';
import { AgentMessage, CONTENT_TYPES, ConversationSummary, SessionStatus, Uuid } from './domain';

/**
 * The agent REST API (`/api/conversations/...`, session cookie + CSRF) and the integration API
 * (`/v1/conversations/...`, API keys). Paths, parameters and shapes of the agent API are the
 * reference's (List Conversations, Get Conversation, Message History, Assignment, Resolve);
 * the integration API is Parley's own and wraps lists in objects so they can grow.
 */

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

/** Opaque keyset cursor from a previous page. */
const Cursor = Type.String({ minLength: 1, maxLength: 200 });
export const CURSOR_HEADER = 'x-next-cursor';

/** Session labels: short, trimmed strings. At most MAX_SESSION_TAGS per session. */
export const MAX_SESSION_TAGS = 20;
export const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: '^\\S(.*\\S)?$' });
const Tags = Type.Array(Tag, { maxItems: MAX_SESSION_TAGS });

// --- Agent REST API ------------------------------------------------------------------------------

export const INBOX_FILTERS = ['unassigned', 'mine', 'all'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

export const ConversationListQuery = Type.Object(
  {
    filter: Type.Optional(Type.Enum(INBOX_FILTERS, { default: 'unassigned' })),
    /** Parley's addition: page size (the reference returns everything). */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    /** The `X-Next-Cursor` header of the previous page. */
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type ConversationListQuery = Static<typeof ConversationListQuery>;
export const ConversationList = Type.Array(ConversationSummary);

export const MessageHistoryQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type MessageHistoryQuery = Static<typeof MessageHistoryQuery>;
export const AgentMessageList = Type.Array(AgentMessage);

/** No body needed (the caller claims). An admin may name another agent: a reassignment. */
export const AssignBody = Type.Object({ agent_id: Type.Optional(Uuid) }, { additionalProperties: false });
export type AssignBody = Static<typeof AssignBody>;
export const AssignResponse = Type.Object({
  id: Uuid,
  assigned_agent_id: Uuid,
  assigned_at: Timestamp,
  session_id: Uuid,
});
export type AssignResponse = Static<typeof AssignResponse>;

export const ResolveBody = Type.Object({ tags: Type.Optional(Tags) }, { additionalProperties: false });
export type ResolveBody = Static<typeof ResolveBody>;
export const ResolveResponse = Type.Object({
  id: Uuid,
  session_id: Uuid,
  status: Type.Literal('resolved'),
  tags: Type.Array(Type.String()),
  resolved_at: Timestamp,
});
export type ResolveResponse = Static<typeof ResolveResponse>;

export const TagsBody = Type.Object(
  { add: Type.Optional(Tags), remove: Type.Optional(Tags) },
  { additionalProperties: false, minProperties: 1 },
);
export type TagsBody = Static<typeof TagsBody>;
export const TagsResponse = Type.Object({ id: Uuid, session_id: Uuid, tags: Type.Array(Type.String()) });
export type TagsResponse = Static<typeof TagsResponse>;

export const MAX_MESSAGE_CHARS = 8000;
const MessageFields = {
  /** May be empty when rich_media carries the message. */
  content: Type.String({ maxLength: MAX_MESSAGE_CHARS }),
  content_type: Type.Optional(Type.Enum(CONTENT_TYPES)),
  /** Checked against the content type's shape (reference: Rich Media Types). */
  rich_media: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown(), { maxProperties: 10 }), Type.Null()])),
  /** Idempotency key: a retry with the same id returns the stored message (200 instead of 201). */
  client_message_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' })),
};
export const AgentSendBody = Type.Object(MessageFields, { additionalProperties: false });
export type AgentSendBody = Static<typeof AgentSendBody>;

// --- Integration API (/v1, API keys) -------------------------------------------------------------

/** A session with the reference data model's timestamps. */
export const SessionView = Type.Object({
  id: Uuid,
  status: SessionStatus,
  assigned_agent_id: Type.Union([Uuid, Type.Null()]),
  tags: Type.Array(Type.String()),
  first_message_at: NullableTimestamp,
  assigned_at: NullableTimestamp,
  resolved_at: NullableTimestamp,
});
export type SessionView = Static<typeof SessionView>;

/** The reference's Conversation data model: the summary plus the owning org, bot and session timestamps. */
export const IntegrationConversation = Type.Object({
  ...ConversationSummary.properties,
  organization_id: Uuid,
  bot_id: Type.Union([Uuid, Type.Null()]),
  last_message_at: NullableTimestamp,
  active_session: Type.Union([SessionView, Type.Null()]),
});
export type IntegrationConversation = Static<typeof IntegrationConversation>;

export const INTEGRATION_FILTERS = ['all', 'open', 'unassigned'] as const;
export const IntegrationListQuery = Type.Object(
  {
    filter: Type.Optional(Type.Enum(INTEGRATION_FILTERS, { default: 'all' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type IntegrationListQuery = Static<typeof IntegrationListQuery>;
export const IntegrationConversationList = Type.Object({
  conversations: Type.Array(IntegrationConversation),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

export const IntegrationMessagesQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
    /** Everything after this `seq`, oldest first (a sync); `offset` is then ignored. */
    after_seq: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type IntegrationMessagesQuery = Static<typeof IntegrationMessagesQuery>;
export const IntegrationMessageList = Type.Object({ messages: Type.Array(AgentMessage) });

export const IntegrationSendBody = Type.Object(
  {
    ...MessageFields,
    /** `bot`: the conversation's bot speaks; `agent`: the agent named by `agent_id`. */
    sender_type: Type.Enum(['bot', 'agent'] as const),
    agent_id: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type IntegrationSendBody = Static<typeof IntegrationSendBody>;

export const IntegrationAssignBody = Type.Object(
  {
    agent_id: Uuid,
    /** Take the session from whoever holds it; without it, a held session is 409 ALREADY_ASSIGNED. */
    force: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type IntegrationAssignBody = Static<typeof IntegrationAssignBody>;
