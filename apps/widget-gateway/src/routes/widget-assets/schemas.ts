import { Type, type Static } from 'typebox';
import { ExternalId, Uuid } from '@parley/contracts';

/**
 * The widget's own routes under `/chat-widget`. Kept beside them rather than in
 * `@parley/contracts`: nothing but the widget's loader and iframe calls them.
 */

const EmbedToken = Type.String({ minLength: 1, maxLength: 200 });

/**
 * `GET /chat-widget`: the reference's iframe URL. Unknown parameters are allowed: pages pass
 * tracking parameters around, and refusing them would break a working embed for nothing.
 */
export const WidgetPageQuery = Type.Object(
  {
    embed_token: Type.Optional(EmbedToken),
    bot_id: Type.Optional(Uuid),
    session_id: Type.Optional(ExternalId),
    customer_name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Set by embed.js: the page has a launcher that shows and hides the iframe. */
    launcher: Type.Optional(Type.Literal('1')),
  },
  { additionalProperties: true },
);
export type WidgetPageQuery = Static<typeof WidgetPageQuery>;

/** `GET /chat-widget/config`: the loader asks whether its page may show the widget, and how. */
export const LoaderConfigQuery = Type.Object({ embed_token: EmbedToken }, { additionalProperties: false });
export type LoaderConfigQuery = Static<typeof LoaderConfigQuery>;

export const LoaderConfig = Type.Union([
  Type.Object({
    enabled: Type.Literal(true),
    name: Type.String(),
    theme: Type.Object({ accent: Type.String(), on_accent: Type.String() }),
  }),
  Type.Object({
    enabled: Type.Literal(false),
    /** ORIGIN_NOT_ALLOWED or EMBED_TOKEN_INVALID. */
    code: Type.String(),
    message: Type.String(),
  }),
]);
export type LoaderConfig = Static<typeof LoaderConfig>;

export const AgentParams = Type.Object({ agent_id: Uuid });
export type AgentParams = Static<typeof AgentParams>;
export const AgentView = Type.Object({ id: Uuid, name: Type.String() });

export const AssetParams = Type.Object({ file: Type.String({ maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$' }) });
export type AssetParams = Static<typeof AssetParams>;
