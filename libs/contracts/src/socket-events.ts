import { Type, type Static } from 'typebox';
import { ContentType, SenderType, Uuid, WidgetMessage } from './domain';

/**
 * The Socket.IO event API, with the names and payload fields of the reference guide. The plain
 * WebSocket endpoint speaks the same events as JSON frames `{event, data, ack?}`.
 */
export const ClientEvents = {
  send_message: Type.Object({
    conversation_id: Type.Optional(Uuid),
    content: Type.String({ maxLength: 8000 }),
    content_type: Type.Optional(ContentType),
    rich_media: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
    sender_type: SenderType,
    external_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    client_message_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  }),
  claim_conversation: Type.Object({ conversation_id: Uuid }),
  join_conversation: Type.Object({
    conversation_id: Uuid,
    external_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    /** The last `seq` the client already has; the server replays everything after it. */
    last_seq: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
  leave_conversation: Type.Object({ conversation_id: Uuid }),
  join_queue: Type.Object({}),
  join_org_presence: Type.Object({}),
  user_typing: Type.Object({ conversation_id: Uuid, sender_type: SenderType }),
  mark_read: Type.Object({ conversation_id: Uuid, message_ids: Type.Array(Uuid, { maxItems: 500 }) }),
} as const;
export type ClientEventName = keyof typeof ClientEvents;
export type ClientEventPayload<E extends ClientEventName> = Static<(typeof ClientEvents)[E]>;

export const ServerEvents = {
  message_received: Type.Object({ ...WidgetMessage.properties, conversation_id: Uuid, session_id: Uuid }),
  conversation_updated: Type.Object({
    conversation_id: Uuid,
    sender_type: SenderType,
    content_type: ContentType,
    content: Type.String(),
  }),
  conversation_assigned: Type.Object({ conversation_id: Uuid, assigned_to: Uuid }),
  typing_indicator: Type.Object({ conversation_id: Uuid, sender_type: SenderType }),
  typing_cleared: Type.Object({ conversation_id: Uuid }),
  agent_status_changed: Type.Object({
    agent_id: Uuid,
    status: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  }),
  error: Type.Object({ message: Type.String(), code: Type.Optional(Type.String()) }),
} as const;
export type ServerEventName = keyof typeof ServerEvents;
export type ServerEventPayload<E extends ServerEventName> = Static<(typeof ServerEvents)[E]>;

/** Room names, built in one place so no file spells them by hand. */
export const Rooms = {
  conversation: (conversationId: string) => `conv:${conversationId}`,
  orgQueue: (orgId: string) => `org:${orgId}:queue`,
  orgPresence: (orgId: string) => `org:${orgId}:presence`,
} as const;
