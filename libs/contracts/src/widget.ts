import { Type, type Static } from 'typebox';
import { CONTENT_TYPES, Uuid, WidgetMessage } from './domain';

/**
 * The public widget API (`/v1/widget/*` and the history endpoint). Field names follow the
 * reference documents; every string and list has a bound, so no request can make us store or
 * parse more than a few kilobytes per field.
 */

/** Per-endpoint limits. The numbers are the reference's and part of the public contract. */
export const WIDGET_RATE_LIMITS = {
  /** Per client address (`request.ip`, which honours TRUSTED_PROXIES). */
  init: { max: 60, timeWindowMs: 60_000 },
  /** Per widget token subject (conversation + visitor). */
  leads: { max: 5, timeWindowMs: 60_000 },
  events: { max: 600, timeWindowMs: 60_000 },
  /** Parley's own addition: the reference leaves history unlimited; per client address. */
  history: { max: 120, timeWindowMs: 60_000 },
} as const;

export const WIDGET_BODY_LIMITS = {
  init: 16 * 1024,
  leads: 16 * 1024,
  events: 128 * 1024,
  message: 64 * 1024,
} as const;

/** How many messages `/init` returns on resume, and the history endpoint at most. */
export const INIT_RESUME_MESSAGES = 30;
export const HISTORY_MESSAGES = 100;
export const MAX_VISITOR_MESSAGE_CHARS = 4000;

/** A visitor's external id: the widget's `session_id`, or an integrator's user id. */
export const ExternalId = Type.String({ minLength: 1, maxLength: 255, pattern: '^[^\\s]+$' });
/** Only http(s); `javascript:`, `data:` and friends never reach a browser through us. */
export const HttpUrl = Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://[^\\s]+$' });
const ShortText = (maxLength: number) => Type.String({ maxLength });
const Timestamp = Type.String({ format: 'date-time' });
const JsonObject = Type.Record(Type.String(), Type.Unknown());

// --- POST /v1/widget/init -----------------------------------------------------------------------

export const InitBody = Type.Object(
  {
    /** The `ew_` token of the embed snippet. Exactly one of embed_token and bot_id. */
    embed_token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** A bot embedded without a token: only its own allowed origins apply, and an empty list allows none. */
    bot_id: Type.Optional(Uuid),
    /** The visitor id a previous `/init` returned; an alias of session_id. */
    visitor_id: Type.Optional(ExternalId),
    /** The reference's name for the end user's external id. */
    session_id: Type.Optional(ExternalId),
    /** If given, must be the visitor's conversation (404 otherwise). */
    conversation_id: Type.Optional(Uuid),
    customer_name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** A signed identity assertion from the integrator's backend (the JWT flow). */
    identity_assertion: Type.Optional(Type.String({ minLength: 1, maxLength: 8192 })),
  },
  { additionalProperties: false },
);
export type InitBody = Static<typeof InitBody>;

export const WidgetBotConfig = Type.Object({
  id: Uuid,
  name: Type.String(),
  greeting: Type.String(),
  theme: JsonObject,
  lead_capture: JsonObject,
});
export type WidgetBotConfig = Static<typeof WidgetBotConfig>;

export const InitResponse = Type.Object({
  conversation_id: Uuid,
  /** The end user's external id: keep it and send it back as visitor_id next time. */
  visitor_id: Type.String(),
  /** True when an identity assertion vouched for this visitor. */
  verified: Type.Boolean(),
  token: Type.String(),
  expires_at: Timestamp,
  expires_in: Type.Integer({ minimum: 1 }),
  bot: WidgetBotConfig,
  /** The last messages, oldest first, when resuming a conversation; otherwise empty. */
  messages: Type.Array(WidgetMessage),
});
export type InitResponse = Static<typeof InitResponse>;

// --- POST /v1/widget/leads ----------------------------------------------------------------------

export const MAX_CUSTOM_VALUE_CHARS = 500;
/**
 * A flat key → scalar map (string up to MAX_CUSTOM_VALUE_CHARS, number, boolean or null). The
 * values are checked by `scalarMapProblem`, not by the schema: the servers validate with type
 * coercion on, and any schema that admits several scalar types either coerces (`2` becomes `"2"`
 * in an anyOf's string branch) or needs a type list, which the shared Ajv settings warn about.
 */
const ScalarMap = (maxProperties: number) =>
  Type.Record(Type.String(), Type.Unknown({ description: `string (≤ ${MAX_CUSTOM_VALUE_CHARS} chars), number, boolean or null` }), {
    maxProperties,
    propertyNames: { minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' },
  });

/** The first value of a ScalarMap that is not a short scalar, as `{path, message}`; else undefined. */
export function scalarMapProblem(map: Record<string, unknown> | undefined, path: string): { path: string; message: string } | undefined {
  for (const [key, value] of Object.entries(map ?? {})) {
    const ok =
      value === null ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && value.length <= MAX_CUSTOM_VALUE_CHARS);
    if (!ok) return { path: `${path}/${key}`, message: `must be a string of at most ${MAX_CUSTOM_VALUE_CHARS} characters, a number, a boolean or null` };
  }
  return undefined;
}

export const LeadBody = Type.Object(
  {
    email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 32, pattern: '^\\+?[0-9 ().-]+$' })),
    /** Flat key → scalar map; at most 30 keys. Merged into the stored lead on resubmission. */
    custom_fields: Type.Optional(ScalarMap(30)),
  },
  { additionalProperties: false },
);
export type LeadBody = Static<typeof LeadBody>;

export const LeadView = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  custom_fields: Type.Record(Type.String(), Type.Unknown()),
  conversation_id: Type.Union([Uuid, Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type LeadView = Static<typeof LeadView>;

// --- POST /v1/widget/events ---------------------------------------------------------------------

export const KNOWN_WIDGET_EVENTS = ['launcher_open', 'launcher_close', 'cta_click', 'dismiss', 'scroll_trigger'] as const;
/** Integrators' own events live under `custom.` so they can never collide with ours. */
export const WIDGET_EVENT_NAME_PATTERN = `^(${KNOWN_WIDGET_EVENTS.join('|')}|custom\\.[A-Za-z0-9_.-]{1,64})$`;
export const MAX_EVENTS_PER_BATCH = 100;

export const WidgetEvent = Type.Object(
  {
    name: Type.String({ maxLength: 71, pattern: WIDGET_EVENT_NAME_PATTERN }),
    occurred_at: Type.Optional(Timestamp),
    properties: Type.Optional(ScalarMap(20)),
  },
  { additionalProperties: false },
);
export type WidgetEvent = Static<typeof WidgetEvent>;

export const EventsBody = Type.Object(
  { events: Type.Array(WidgetEvent, { minItems: 1, maxItems: MAX_EVENTS_PER_BATCH }) },
  { additionalProperties: false },
);
export type EventsBody = Static<typeof EventsBody>;

export const EventsAccepted = Type.Object({ accepted: Type.Integer({ minimum: 0 }) });
export type EventsAccepted = Static<typeof EventsAccepted>;

// --- GET /chat-widget/history/:conversation_id ---------------------------------------------------

export const HistoryParams = Type.Object({ conversation_id: Uuid });
export type HistoryParams = Static<typeof HistoryParams>;
export const HistoryQuery = Type.Object({ external_id: ExternalId }, { additionalProperties: false });
export type HistoryQuery = Static<typeof HistoryQuery>;
export const HistoryResponse = Type.Array(WidgetMessage);

// --- Visitor messages (POST /v1/widget/messages and /messages/stream) ---------------------------

const Label = Type.String({ minLength: 1, maxLength: 100 });
const Choice = Type.Object({ label: Label, value: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

/** Rich media shapes by content type (reference: Rich Media Types). */
export const RichMediaSchemas = {
  image: Type.Object({ url: HttpUrl, alt: Type.Optional(ShortText(300)) }, { additionalProperties: false }),
  file: Type.Object(
    {
      url: HttpUrl,
      filename: Type.String({ minLength: 1, maxLength: 255 }),
      size: Type.Integer({ minimum: 0, maximum: 10 * 1024 ** 3 }),
      mime_type: Type.String({ minLength: 3, maxLength: 127, pattern: '^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+$' }),
    },
    { additionalProperties: false },
  ),
  quick_button: Type.Object({ buttons: Type.Array(Choice, { minItems: 1, maxItems: 10 }) }, { additionalProperties: false }),
  carousel: Type.Object(
    {
      cards: Type.Array(
        Type.Object(
          {
            image_url: Type.Optional(HttpUrl),
            title: Type.String({ minLength: 1, maxLength: 100 }),
            subtitle: Type.Optional(ShortText(300)),
            buttons: Type.Optional(Type.Array(Choice, { maxItems: 5 })),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 10 },
      ),
    },
    { additionalProperties: false },
  ),
  dropdown: Type.Object(
    { placeholder: Type.Optional(ShortText(100)), options: Type.Array(Choice, { minItems: 1, maxItems: 50 }) },
    { additionalProperties: false },
  ),
} as const;
export type RichContentType = keyof typeof RichMediaSchemas;

/**
 * The transport-level shape; `checkVisitorMessage` (in the gateway) then checks that
 * `rich_media` matches `content_type`, which gives precise error paths instead of an anyOf blur.
 */
export const VisitorMessageBody = Type.Object(
  {
    content: Type.String({ maxLength: MAX_VISITOR_MESSAGE_CHARS }),
    // Type.Enum rather than domain's ContentType: the same JSON schema, and a Static type that is the union.
    content_type: Type.Optional(Type.Enum(CONTENT_TYPES)),
    rich_media: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown(), { maxProperties: 10 }), Type.Null()])),
    /** Idempotency key: a retry with the same id returns the stored message. */
    client_message_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' })),
  },
  { additionalProperties: false },
);
export type VisitorMessageBody = Static<typeof VisitorMessageBody>;
