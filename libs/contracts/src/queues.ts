import { Type, type Static, type TSchema } from 'typebox';
import { Uuid } from './domain';

/**
 * BullMQ queues: queue name → job name → payload schema. Producers and workers both go through
 * `@parley/bus`, which validates the payload and stamps `requestId` and the schema version.
 */
export interface QueueDefinition<J extends Record<string, TSchema> = Record<string, TSchema>> {
  readonly name: string;
  readonly version: number;
  readonly jobs: J;
}
export type JobName<Q extends QueueDefinition> = Extract<keyof Q['jobs'], string>;
export type JobPayload<Q extends QueueDefinition, N extends JobName<Q>> = Static<Q['jobs'][N]>;

const defineQueue = <J extends Record<string, TSchema>>(name: string, version: number, jobs: J): QueueDefinition<J> => ({
  name,
  version,
  jobs,
});

export const Queues = {
  /** Bot turns: a visitor message becomes a job; the bot answers and streams deltas over pub/sub. */
  botReplies: defineQueue('bot-replies', 1, {
    'generate-reply': Type.Object({
      orgId: Uuid,
      conversationId: Uuid,
      botId: Uuid,
      triggerMessageId: Uuid,
      replyId: Type.String(),
    }),
  }),
  /**
   * Pushes to an end user's phones when they have no connected socket. Enqueue only through
   * `schedulePush` (@parley/push): it sets the idempotent job id and the delay. v2 dropped
   * `endUserId`: the worker reads it from the conversation, so producers need not know it.
   */
  pushNotifications: defineQueue('push-notifications', 2, {
    'send-push': Type.Object({ orgId: Uuid, conversationId: Uuid, messageId: Uuid }),
  }),
  /** Signed webhook deliveries: one job per `webhook_deliveries` row (job id `webhook-<deliveryId>`). */
  webhooks: defineQueue('webhooks', 1, {
    'deliver-webhook': Type.Object({ orgId: Uuid, deliveryId: Uuid }),
  }),
} as const;

export type QueueKey = keyof typeof Queues;

/** Metadata stamped on every job next to its payload. */
export const JobMeta = Type.Object({ v: Type.Integer({ minimum: 1 }), requestId: Type.String() });
export type JobMeta = Static<typeof JobMeta>;
