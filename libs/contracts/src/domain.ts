import { Type, type Static } from 'typebox';

/** Enumerations shared by the REST API, socket events and the database (see prisma/schema.prisma). */
export const SENDER_TYPES = ['end_user', 'agent', 'bot'] as const;
export const SenderType = Type.Enum(SENDER_TYPES);
export type SenderType = (typeof SENDER_TYPES)[number];

export const CONTENT_TYPES = ['text', 'image', 'file', 'quick_button', 'carousel', 'dropdown'] as const;
export const ContentType = Type.Enum(CONTENT_TYPES);
export type ContentType = (typeof CONTENT_TYPES)[number];

export const SESSION_STATUSES = ['open', 'resolved'] as const;
export const SessionStatus = Type.Enum(SESSION_STATUSES);
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const USER_ROLES = ['owner', 'admin', 'agent'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const CHANNEL_TYPES = ['webchat', 'mobile_sdk', 'api'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export const Uuid = Type.String({ format: 'uuid' });

/** A message as the widget sees it (reference: Message History, widget endpoint). */
export const WidgetMessage = Type.Object({
  id: Uuid,
  seq: Type.Integer({ minimum: 1 }),
  sender_type: SenderType,
  sender_id: Type.String(),
  content_type: ContentType,
  content: Type.String(),
  rich_media: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  created_at: Type.String(),
});
export type WidgetMessage = Static<typeof WidgetMessage>;

/** The same message as agents see it: with its session and read receipts. */
export const AgentMessage = Type.Object({
  ...WidgetMessage.properties,
  session_id: Uuid,
  read_by: Type.Record(Type.String(), Type.String()),
});
export type AgentMessage = Static<typeof AgentMessage>;

/** Reference: List Conversations response item. */
export const ConversationSummary = Type.Object({
  id: Uuid,
  end_user: Type.Object({
    id: Uuid,
    display_name: Type.Union([Type.String(), Type.Null()]),
    external_id: Type.String(),
  }),
  channel_id: Uuid,
  active_session: Type.Union([
    Type.Object({
      id: Uuid,
      status: SessionStatus,
      assigned_agent_id: Type.Union([Uuid, Type.Null()]),
      tags: Type.Array(Type.String()),
    }),
    Type.Null(),
  ]),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type ConversationSummary = Static<typeof ConversationSummary>;
