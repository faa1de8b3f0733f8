import { Type, type Static } from 'typebox';
import { Uuid } from './domain';

/**
 * Event types an endpoint can subscribe to. They are public API: add new ones, never rename.
 * Each comes from one pub/sub topic (see `WEBHOOK_TOPICS` in @parley/webhooks).
 */
export const WEBHOOK_EVENT_TYPES = ['message.created', 'conversation.created', 'conversation.assigned', 'conversation.resolved', 'lead.created'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const WebhookEventTypeSchema = Type.Union(WEBHOOK_EVENT_TYPES.map((t) => Type.Literal(t)));

/** Standard Webhooks header names (standardwebhooks.com), so receivers can use its libraries. */
export const WEBHOOK_HEADERS = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const;

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const EventTypes = Type.Array(WebhookEventTypeSchema, { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length, uniqueItems: true });
const Url = Type.String({ minLength: 8, maxLength: 2048 });

export const CreateWebhookBody = Type.Object(
  { url: Url, event_types: EventTypes, description: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(Url),
    event_types: Type.Optional(EventTypes),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    /** true re-enables an endpoint that was disabled after persistent failure. */
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateWebhookBody = Static<typeof UpdateWebhookBody>;

export const RotateWebhookSecretBody = Type.Object(
  {
    /** How long the old secret keeps signing next to the new one; default 24 h, 0 drops it now. */
    grace_period_s: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 24 * 3600 })),
  },
  { additionalProperties: false },
);

export const WebhookEndpointView = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Type.String(),
  event_types: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabled_at: NullableTimestamp,
  disabled_reason: Type.Union([Type.String(), Type.Null()]),
  consecutive_failures: Type.Integer({ minimum: 0 }),
  /** Set while a rotated-out secret still signs too. */
  previous_secret_expires_at: NullableTimestamp,
  created_at: Timestamp,
});
export type WebhookEndpointView = Static<typeof WebhookEndpointView>;
export const WebhookEndpointList = Type.Object({ endpoints: Type.Array(WebhookEndpointView) });

/** Returned by create and rotate only: the `whsec_` signing secret is never shown again. */
export const WebhookEndpointWithSecret = Type.Object({ ...WebhookEndpointView.properties, secret: Type.String() });
export type WebhookEndpointWithSecret = Static<typeof WebhookEndpointWithSecret>;

export const WebhookDeliveryStatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]);

export const WebhookAttemptView = Type.Object({
  attempt: Type.Integer({ minimum: 1 }),
  status_code: Type.Union([Type.Integer(), Type.Null()]),
  response_ms: Type.Integer({ minimum: 0 }),
  error: Type.Union([Type.String(), Type.Null()]),
  at: Timestamp,
});

export const WebhookDeliveryView = Type.Object({
  id: Uuid,
  endpoint_id: Uuid,
  event_type: Type.String(),
  event_id: Type.String(),
  status: WebhookDeliveryStatusSchema,
  attempts: Type.Integer({ minimum: 0 }),
  last_status_code: Type.Union([Type.Integer(), Type.Null()]),
  last_response_ms: Type.Union([Type.Integer(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
  next_attempt_at: NullableTimestamp,
  delivered_at: NullableTimestamp,
  created_at: Timestamp,
});
export type WebhookDeliveryView = Static<typeof WebhookDeliveryView>;
export const WebhookDeliveryList = Type.Object({ deliveries: Type.Array(WebhookDeliveryView) });

export const WebhookDeliveryDetail = Type.Object({
  ...WebhookDeliveryView.properties,
  /** The event as sent (the body of every attempt). */
  payload: Type.Record(Type.String(), Type.Unknown()),
  attempt_log: Type.Array(WebhookAttemptView),
});
export type WebhookDeliveryDetail = Static<typeof WebhookDeliveryDetail>;

export const DeliveryListQuery = Type.Object({
  status: Type.Optional(WebhookDeliveryStatusSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const DeliveryParams = Type.Object({ deliveryId: Uuid });
