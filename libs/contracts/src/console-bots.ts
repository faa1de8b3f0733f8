import { Type, type Static } from 'typebox';
import { Uuid } from './domain';
import { HttpUrl } from './widget';

/**
 * The console's bot settings (`/api/console/bots/...`, admin session + CSRF): greeting, prompt,
 * provider, origins, budget, and the knowledge articles a bot answers from.
 */

const Timestamp = Type.String({ format: 'date-time' });
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

// --- Bots ----------------------------------------------------------------------------------------

export const BOT_PROVIDERS = ['knowledge', 'openai'] as const;

/** `bots.provider_settings`; the ranges are those the bot worker accepts (libs/bot provider-settings). */
export const ProviderSettingsBody = Type.Object(
  {
    base_url: Type.Optional(HttpUrl),
    model: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 2 })),
    max_tokens: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    timeout_ms: Type.Optional(Type.Integer({ minimum: 50, maximum: 300_000 })),
    idle_timeout_ms: Type.Optional(Type.Integer({ minimum: 50, maximum: 300_000 })),
    history_limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
    chunk_words: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    chunk_delay_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export type ProviderSettingsBody = Static<typeof ProviderSettingsBody>;

export const BudgetBody = Type.Object(
  {
    burst: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    refill_per_min: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    daily_cap: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type BudgetBody = Static<typeof BudgetBody>;

/** How the widget looks: its accent colour (text on it is picked for contrast by the gateway). */
export const BotThemeBody = Type.Object(
  { color: Type.Optional(Type.String({ pattern: '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$', description: 'Hex colour, e.g. #2f6f4e' })) },
  { additionalProperties: false },
);
/**
 * When the widget asks for contact details: `handoff` (the bot had no answer and a person will
 * follow up, the default), `first_message`, or `never`; e-mail is always asked, `fields` adds
 * name and phone.
 */
export const LeadCaptureBody = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    when: Type.Optional(Type.Union([Type.Literal('handoff'), Type.Literal('first_message'), Type.Literal('never')])),
    fields: Type.Optional(Type.Array(Type.Union([Type.Literal('email'), Type.Literal('name'), Type.Literal('phone')]), { maxItems: 3, uniqueItems: true })),
  },
  { additionalProperties: false },
);

const BotFields = {
  name: Name,
  greeting: Type.Optional(Type.String({ maxLength: 1000 })),
  prompt: Type.Optional(Type.String({ maxLength: 20_000 })),
  provider: Type.Optional(Type.Enum(BOT_PROVIDERS)),
  provider_settings: Type.Optional(ProviderSettingsBody),
  /** Exact origins `scheme://host[:port]`; empty = the bot cannot be embedded without a token. */
  allowed_origins: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 50 })),
  budget: Type.Optional(BudgetBody),
  theme: Type.Optional(BotThemeBody),
  lead_capture: Type.Optional(LeadCaptureBody),
};

export const CreateBotBody = Type.Object(
  {
    ...BotFields,
    /** The OpenAI-compatible provider's key: stored encrypted, never returned. */
    provider_api_key: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type CreateBotBody = Static<typeof CreateBotBody>;

export const UpdateBotBody = Type.Object(
  {
    ...BotFields,
    name: Type.Optional(Name),
    /** A new key, or null to remove the stored one. */
    provider_api_key: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1000 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateBotBody = Static<typeof UpdateBotBody>;

export const BotView = Type.Object({
  id: Uuid,
  name: Type.String(),
  greeting: Type.String(),
  prompt: Type.String(),
  provider: Type.Enum(BOT_PROVIDERS),
  provider_settings: ProviderSettingsBody,
  /** Whether a provider key is stored; the key itself never leaves the server. */
  provider_api_key_set: Type.Boolean(),
  allowed_origins: Type.Array(Type.String()),
  budget: Type.Object({ burst: Type.Integer(), refill_per_min: Type.Integer(), daily_cap: Type.Integer() }),
  theme: BotThemeBody,
  lead_capture: LeadCaptureBody,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type BotView = Static<typeof BotView>;
export const BotList = Type.Object({ bots: Type.Array(BotView) });

// --- Knowledge articles --------------------------------------------------------------------------

const ArticleTags = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 20 });
export const CreateArticleBody = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }), body: Type.String({ minLength: 1, maxLength: 50_000 }), tags: Type.Optional(ArticleTags) },
  { additionalProperties: false },
);
export type CreateArticleBody = Static<typeof CreateArticleBody>;
export const UpdateArticleBody = Type.Partial(CreateArticleBody, { additionalProperties: false, minProperties: 1 });
export type UpdateArticleBody = Static<typeof UpdateArticleBody>;
export const ArticleView = Type.Object({
  id: Uuid,
  bot_id: Uuid,
  title: Type.String(),
  body: Type.String(),
  tags: Type.Array(Type.String()),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ArticleView = Static<typeof ArticleView>;
export const ArticleList = Type.Object({ articles: Type.Array(ArticleView) });
export const BotArticleParams = Type.Object({ id: Uuid, articleId: Uuid });
