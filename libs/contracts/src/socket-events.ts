import { Type, type Static } from 'typebox';
import { ContentType, SenderType, Uuid, WidgetMessage } from './domain';
import { DeviceToken, PushPlatformSchema } from './push';

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
  // Beyond the reference: an app registers its push token over the socket it already has.
  /** The end user of `conversation_id` (or of the connection's widget token) gets pushes on this device. */
  register_device: Type.Object({
    platform: PushPlatformSchema,
    token: DeviceToken,
    conversation_id: Type.Optional(Uuid),
    external_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  }),
  unregister_device: Type.Object({
    platform: PushPlatformSchema,
    token: DeviceToken,
    conversation_id: Type.Optional(Uuid),
    external_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  }),
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
  error: Type.Object({
    message: Type.String(),
    code: Type.Optional(Type.String()),
    /** With RATE_LIMITED: seconds until a message would be accepted (HTTP's Retry-After). */
    retry_after: Type.Optional(Type.Integer({ minimum: 1 })),
  }),
  // Beyond the reference: streaming bot answers, read receipts and resolves reach clients too.
  /** A chunk of a bot answer while it is generated; the stored answer follows as `message_received`. */
  message_delta: Type.Object({ conversation_id: Uuid, reply_id: Type.String(), delta: Type.String(), index: Type.Integer({ minimum: 0 }) }),
  /** `mark_read` took effect: who read which messages, and when. */
  messages_read: Type.Object({
    conversation_id: Uuid,
    reader_type: SenderType,
    reader_id: Type.String(),
    message_ids: Type.Array(Uuid),
    read_at: Type.String(),
  }),
  conversation_resolved: Type.Object({ conversation_id: Uuid, session_id: Uuid, tags: Type.Array(Type.String()) }),
} as const;
export type ServerEventName = keyof typeof ServerEvents;
export type ServerEventPayload<E extends ServerEventName> = Static<(typeof ServerEvents)[E]>;

/** What an acknowledgement callback receives: the handler's result, or the error also emitted as `error`. */
export type AckPayload = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string; retry_after?: number } };

/** Resume positions the Socket.IO handshake may carry in `auth` (and `/v1/ws` in its first frame). */
export const HandshakeAuth = Type.Object({
  /** A widget token from /init: the end user and conversation it names. */
  token: Type.Optional(Type.String({ maxLength: 4096 })),
  /** Join this conversation right away, replaying everything after `last_seq`. */
  conversation_id: Type.Optional(Uuid),
  external_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  last_seq: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type HandshakeAuth = Static<typeof HandshakeAuth>;

/** Room names, built in one place so no file spells them by hand. */
export const Rooms = {
  conversation: (conversationId: string) => `conv:${conversationId}`,
  orgQueue: (orgId: string) => `org:${orgId}:queue`,
  orgPresence: (orgId: string) => `org:${orgId}:presence`,
} as const;
