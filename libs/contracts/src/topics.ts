import { Type, type Static, type TSchema } from 'typebox';
import { ContentType, SenderType, Uuid, WidgetMessage } from './domain';

/**
 * Redis pub/sub topics between nodes and services. A topic has a name, a version and a payload
 * schema; `@parley/bus` validates on publish and on receive, so a node running older code drops
 * (and logs) an event of a version it does not know instead of misreading it.
 */
export interface TopicDefinition<S extends TSchema = TSchema> {
  readonly name: string;
  readonly version: number;
  readonly schema: S;
}
export type TopicPayload<T extends TopicDefinition> = Static<T['schema']>;

const defineTopic = <S extends TSchema>(name: string, version: number, schema: S): TopicDefinition<S> => ({
  name,
  version,
  schema,
});

const OrgScoped = { orgId: Uuid, conversationId: Uuid };

export const Topics = {
  /** A message was stored (any sender); fans out to `conv:{id}` rooms on every gateway node. */
  messageCreated: defineTopic(
    'conversation.message.created',
    1,
    Type.Object({ ...OrgScoped, sessionId: Uuid, message: WidgetMessage }),
  ),
  /** Something changed the conversation list (new conversation, new message): `org:{id}:queue`. */
  conversationUpdated: defineTopic(
    'conversation.updated',
    1,
    Type.Object({ ...OrgScoped, senderType: SenderType, contentType: ContentType, content: Type.String() }),
  ),
  conversationAssigned: defineTopic(
    'conversation.assigned',
    1,
    Type.Object({ ...OrgScoped, sessionId: Uuid, assignedTo: Uuid }),
  ),
  conversationResolved: defineTopic(
    'conversation.resolved',
    1,
    Type.Object({ ...OrgScoped, sessionId: Uuid, tags: Type.Array(Type.String()) }),
  ),
  /** A chunk of a bot answer while it is generated, to whichever node holds the listener. */
  botReplyDelta: defineTopic(
    'bot.reply.delta',
    1,
    Type.Object({ ...OrgScoped, replyId: Type.String(), delta: Type.String(), index: Type.Integer({ minimum: 0 }) }),
  ),
  /**
   * The end of a bot answer: `ok` with the stored bot message, `error` with a code (a fallback
   * message is stored and included when one was written), or `handoff` when the bot gave the
   * conversation to the human queue instead of answering.
   */
  botReplyCompleted: defineTopic(
    'bot.reply.completed',
    1,
    Type.Object({
      ...OrgScoped,
      replyId: Type.String(),
      status: Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('handoff')]),
      message: Type.Optional(WidgetMessage),
      error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
  ),
  /** The listener went away (visitor disconnected): the worker aborts the generation. */
  botReplyCancelled: defineTopic('bot.reply.cancelled', 1, Type.Object({ ...OrgScoped, replyId: Type.String() })),
  /** Someone typed in a conversation (`typing`) or stopped or sent (`cleared`): `conv:{id}` on every node. */
  conversationTyping: defineTopic(
    'conversation.typing',
    1,
    Type.Object({
      ...OrgScoped,
      senderType: SenderType,
      state: Type.Union([Type.Literal('typing'), Type.Literal('cleared')]),
      /** The sender's connection (`<node>:<client>`), which is not told about its own typing. */
      origin: Type.String(),
    }),
  ),
  /** `mark_read` stored read receipts: `conv:{id}` on every node. */
  messagesRead: defineTopic(
    'conversation.messages.read',
    1,
    Type.Object({
      ...OrgScoped,
      readerType: SenderType,
      readerId: Type.String(),
      messageIds: Type.Array(Uuid),
      readAt: Type.String(),
    }),
  ),
  /**
   * A new conversation was created (first `getOrCreate` that inserted). Published by whoever
   * creates it (widget-gateway, conversation); consumed by notification for webhooks.
   */
  conversationCreated: defineTopic(
    'conversation.created',
    1,
    Type.Object({ ...OrgScoped, channelId: Uuid, endUserId: Uuid, botId: Type.Union([Uuid, Type.Null()]) }),
  ),
  /** A lead was captured for the first time (a resubmission updating it is not a new lead). */
  leadCreated: defineTopic(
    'lead.created',
    1,
    Type.Object({
      orgId: Uuid,
      leadId: Uuid,
      botId: Uuid,
      conversationId: Type.Union([Uuid, Type.Null()]),
      endUserId: Type.Union([Uuid, Type.Null()]),
      email: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      phone: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  agentPresenceChanged: defineTopic(
    'presence.agent.changed',
    1,
    Type.Object({
      orgId: Uuid,
      agentId: Uuid,
      status: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
    }),
  ),
} as const;

export type TopicKey = keyof typeof Topics;

/** What travels on the wire: the payload plus the metadata every event carries. */
export const EventEnvelope = Type.Object({
  topic: Type.String(),
  v: Type.Integer({ minimum: 1 }),
  /** The request that caused the event, so logs across services line up. */
  requestId: Type.String(),
  emittedAt: Type.String(),
  payload: Type.Unknown(),
});
export type EventEnvelope = Static<typeof EventEnvelope>;
