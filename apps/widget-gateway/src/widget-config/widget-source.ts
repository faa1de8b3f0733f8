import { AppError, ErrorCode, isOriginAllowed, notFound, type InitBody } from '@parley/contracts';
import { createRepositories, embedTokenRepository, widgetConversationRepository, type Db, type OrgId, type WidgetBot } from '@parley/db';
import { hashToken } from '@parley/security';
import { originNotAllowed } from '../origins/widget-cors';
import { TtlCache } from '../origins/ttl-cache';

/** `last_used_at` is for humans; writing it on every /init would turn a read path into writes. */
const TOKEN_TOUCH_INTERVAL_MS = 60_000;
/**
 * Embed tokens and bots are read on every page view and change rarely, so each node keeps them.
 * A change is announced by Postgres (NOTIFY from a trigger, whoever made it) and drops the cache
 * at once; this TTL only bounds staleness if that connection is down or not configured.
 */
export const WIDGET_SOURCE_TTL_MS = 10_000;
const MAX_CACHED_SOURCES = 10_000;

/** Where a widget comes from: an embed token, or a bot named directly. */
export interface WidgetSource {
  kind: 'embed_token' | 'bot';
  orgId: OrgId;
  bot: WidgetBot;
  /** The embed token's channel; for a bot, resolved only after the origin passed. */
  channelId: string | undefined;
  allowedOrigins: string[];
  /** The embed token's id, for `last_used_at`. */
  tokenId?: string;
}

const embedTokenInvalid = () => new AppError(403, ErrorCode.EMBED_TOKEN_INVALID, 'The embed token is unknown or revoked');

/** Null for an unknown or revoked embed token, or an unknown bot. */
async function loadWidgetSource(db: Db, body: InitBody): Promise<WidgetSource | null> {
  const widgets = widgetConversationRepository(db);
  if (body.embed_token !== undefined) {
    const token = await embedTokenRepository(db).findActiveByHash(hashToken(body.embed_token));
    const bot = token && (await widgets.findBot(token.orgId, token.botId));
    if (!token || !bot) return null;
    return { kind: 'embed_token', orgId: token.orgId, bot, channelId: token.channelId, allowedOrigins: token.allowedOrigins, tokenId: token.id };
  }
  const bot = body.bot_id === undefined ? null : await widgets.findBotForWidget(body.bot_id);
  return bot && { kind: 'bot', orgId: bot.orgId, bot, channelId: undefined, allowedOrigins: bot.allowedOrigins };
}

export interface WidgetSources {
  /** 403 EMBED_TOKEN_INVALID (reference: "embed token invalid" is a 403), 404 for an unknown bot. */
  resolve(body: InitBody): Promise<WidgetSource>;
  /** The channel the widget talks through (a bot's webchat channel is made on first use). */
  channelOf(source: WidgetSource): Promise<string>;
  /** Drops every cached answer (an embed token or bot changed somewhere). */
  forget(): void;
}

/** Sources and bots' webchat channels, cached per node for WIDGET_SOURCE_TTL_MS. */
export function createWidgetSources(db: Db, onTouchError: (err: unknown) => void): WidgetSources {
  const sources = new TtlCache<string, WidgetSource | null>(WIDGET_SOURCE_TTL_MS, MAX_CACHED_SOURCES);
  const channels = new TtlCache<string, string>(WIDGET_SOURCE_TTL_MS, MAX_CACHED_SOURCES);
  const touchedAt = new Map<string, number>();
  const touch = (tokenId: string) => {
    const last = touchedAt.get(tokenId);
    if (last !== undefined && Date.now() - last < TOKEN_TOUCH_INTERVAL_MS) return;
    touchedAt.set(tokenId, Date.now());
    if (touchedAt.size > MAX_CACHED_SOURCES) touchedAt.clear();
    embedTokenRepository(db).touch(tokenId).catch(onTouchError);
  };
  return {
    async resolve(body) {
      // Keyed by the token itself (it only lives in this process's memory): hashing it on every
      // /init was 2% of a returning visitor's cost. The database is still searched by its hash.
      const key = body.embed_token !== undefined ? `token:${body.embed_token}` : `bot:${body.bot_id ?? ''}`;
      const source = await sources.get(key, () => loadWidgetSource(db, body));
      if (!source) throw body.embed_token !== undefined ? embedTokenInvalid() : notFound('Bot');
      if (source.tokenId) touch(source.tokenId);
      return source;
    },
    async channelOf(source) {
      if (source.channelId) return source.channelId;
      return channels.get(`${source.orgId}:${source.bot.id}`, () => webchatChannelOf(db, source));
    },
    forget() {
      sources.clear();
      channels.clear();
    },
  };
}

/**
 * The hard gate of /init: the page's Origin must be exactly one of the allowed origins. An embed
 * token with an empty list allows any origin (development, flagged as such in listings); a bot
 * with an empty list allows none, because nobody chose "any" for it: a bot is embeddable without
 * a token only on sites its owner listed.
 */
export function checkInitOrigin(source: WidgetSource, origin: string | undefined): void {
  if (origin === undefined) throw originNotAllowed(undefined);
  if (source.allowedOrigins.length === 0) {
    if (source.kind === 'embed_token') return;
    throw originNotAllowed(origin, 'is not allowed: this bot lists no allowed origins (list some, or embed it with an embed token)');
  }
  if (!isOriginAllowed(source.allowedOrigins, origin)) throw originNotAllowed(origin);
}

/** A bot embedded without a token talks through its webchat channel, made on first use. */
async function webchatChannelOf(db: Db, source: WidgetSource): Promise<string> {
  if (source.channelId) return source.channelId;
  const repos = createRepositories(db);
  const channel =
    (await repos.channels.findForBot(source.orgId, source.bot.id, 'webchat')) ??
    (await repos.channels.create(source.orgId, { botId: source.bot.id, type: 'webchat', name: `${source.bot.name} website chat` }));
  if (!channel) throw notFound('Bot');
  return channel.id;
}
