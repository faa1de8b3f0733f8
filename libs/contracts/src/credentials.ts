import { Type, type Static } from 'typebox';
import { Uuid } from './domain';

/**
 * What an API key may be allowed to do. A key carries a subset; `requireApiKey(scope)` checks one.
 * Scope names are part of the public API: add new ones, never rename.
 */
export const API_KEY_SCOPES = {
  'conversations:read': 'list and read conversations and their messages',
  'conversations:write': 'open, assign, tag and resolve conversations',
  'messages:write': 'send messages into conversations',
  'webhooks:manage': 'create, change and delete webhook endpoints',
  'leads:read': 'read captured leads',
} as const;
export type ApiKeyScope = keyof typeof API_KEY_SCOPES;
export const API_KEY_SCOPE_NAMES = Object.keys(API_KEY_SCOPES) as ApiKeyScope[];
export const isApiKeyScope = (value: string): value is ApiKeyScope => Object.hasOwn(API_KEY_SCOPES, value);

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const Name = Type.String({ minLength: 1, maxLength: 100 });

export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;

// --- Embed tokens -------------------------------------------------------------------------------

export const CreateEmbedTokenBody = Type.Object(
  {
    bot_id: Uuid,
    /** Defaults to the bot's webchat channel (created if the bot has none). */
    channel_id: Type.Optional(Uuid),
    name: Name,
    /** Exact origins `scheme://host[:port]`; empty or absent = any origin (development only). */
    allowed_origins: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type CreateEmbedTokenBody = Static<typeof CreateEmbedTokenBody>;

export const EmbedTokenView = Type.Object({
  id: Uuid,
  name: Type.String(),
  /** The token's first characters, to tell tokens apart; never the token itself. */
  prefix: Type.String(),
  bot_id: Uuid,
  bot_name: Type.String(),
  channel_id: Uuid,
  allowed_origins: Type.Array(Type.String()),
  any_origin: Type.Boolean(),
  /** True when any origin may embed the bot: fine on localhost, not on a live site. */
  development_only: Type.Boolean(),
  created_at: Timestamp,
  last_used_at: NullableTimestamp,
  revoked_at: NullableTimestamp,
});
export type EmbedTokenView = Static<typeof EmbedTokenView>;

export const CreatedEmbedToken = Type.Object({ ...EmbedTokenView.properties, token: Type.String() });
export type CreatedEmbedToken = Static<typeof CreatedEmbedToken>;
export const EmbedTokenList = Type.Object({ embed_tokens: Type.Array(EmbedTokenView) });

// --- API keys ----------------------------------------------------------------------------------

export const CreateApiKeyBody = Type.Object(
  {
    name: Name,
    scopes: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 20 }),
    expires_at: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
export type CreateApiKeyBody = Static<typeof CreateApiKeyBody>;

export const ApiKeyView = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  last_four: Type.String(),
  scopes: Type.Array(Type.String()),
  created_at: Timestamp,
  last_used_at: NullableTimestamp,
  expires_at: NullableTimestamp,
  revoked_at: NullableTimestamp,
});
export type ApiKeyView = Static<typeof ApiKeyView>;

export const CreatedApiKey = Type.Object({ ...ApiKeyView.properties, key: Type.String() });
export type CreatedApiKey = Static<typeof CreatedApiKey>;
export const ApiKeyList = Type.Object({ api_keys: Type.Array(ApiKeyView) });

/** `GET /v1/auth/key`: which organization and scopes the calling key has. */
export const ApiKeyWhoami = Type.Object({
  organization_id: Uuid,
  scopes: Type.Array(Type.String()),
  key: Type.Object({ id: Uuid, prefix: Type.String(), last_four: Type.String() }),
});
export type ApiKeyWhoami = Static<typeof ApiKeyWhoami>;

// --- Registered apps (JWT flow) ----------------------------------------------------------------

export const KeyId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });

export const PublicKeyInput = Type.Object(
  {
    kid: KeyId,
    algorithm: Type.Union([Type.Literal('RS256'), Type.Literal('ES256')]),
    /** SPKI (`-----BEGIN PUBLIC KEY-----`); exactly one of pem and jwk. */
    pem: Type.Optional(Type.String({ minLength: 1, maxLength: 16_384 })),
    jwk: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type PublicKeyInput = Static<typeof PublicKeyInput>;

export const CreateAppBody = Type.Object(
  {
    name: Name,
    /** Issue an HS256 client secret (default true). */
    client_secret: Type.Optional(Type.Boolean()),
    public_keys: Type.Optional(Type.Array(PublicKeyInput, { maxItems: 10 })),
  },
  { additionalProperties: false },
);
export type CreateAppBody = Static<typeof CreateAppBody>;

export const AppKeyView = Type.Object({
  kid: Type.String(),
  algorithm: Type.Union([Type.Literal('HS256'), Type.Literal('RS256'), Type.Literal('ES256')]),
  /** First 16 hex digits of SHA-256 over the client secret, or over the public key's SPKI DER. */
  fingerprint: Type.String(),
  created_at: Timestamp,
  revoked_at: NullableTimestamp,
});
export type AppKeyView = Static<typeof AppKeyView>;

export const AppView = Type.Object({
  id: Uuid,
  name: Type.String(),
  client_id: Type.String(),
  created_at: Timestamp,
  revoked_at: NullableTimestamp,
  keys: Type.Array(AppKeyView),
});
export type AppView = Static<typeof AppView>;

/** An app with a client secret just issued (creation or rotation): the only time it is shown. */
export const AppWithSecret = Type.Object({
  ...AppView.properties,
  client_secret: Type.Optional(Type.String()),
  client_secret_kid: Type.Optional(Type.String()),
});
export type AppWithSecret = Static<typeof AppWithSecret>;
export const AppList = Type.Object({ apps: Type.Array(AppView) });
export const AppKeyParams = Type.Object({ id: Uuid, kid: KeyId });

/** `POST /v1/auth/token`: the user an integrator's backend vouches for. */
export const IssueTokenBody = Type.Object(
  {
    user_id: Type.String({ minLength: 1, maxLength: 255 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  },
  { additionalProperties: false },
);
export type IssueTokenBody = Static<typeof IssueTokenBody>;
export const IssueTokenResponse = Type.Object({ jwt: Type.String(), expires_in: Type.Integer({ minimum: 1 }) });
