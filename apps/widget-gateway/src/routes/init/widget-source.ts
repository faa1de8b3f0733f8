import { AppError, ErrorCode, isOriginAllowed, notFound, type InitBody } from '@parley/contracts';
import { createRepositories, embedTokenRepository, widgetConversationRepository, type Db, type OrgId, type WidgetBot } from '@parley/db';
import { hashToken } from '@parley/security';
import { originNotAllowed } from '../../origins/widget-cors';

/** `last_used_at` is for humans; writing it on every /init would turn a read path into writes. */
const TOKEN_TOUCH_INTERVAL_MS = 60_000;

/** Where a widget comes from: an embed token, or a bot named directly. */
export interface WidgetSource {
  kind: 'embed_token' | 'bot';
  orgId: OrgId;
  bot: WidgetBot;
  /** The embed token's channel; for a bot, resolved only after the origin passed. */
  channelId: string | undefined;
  allowedOrigins: string[];
}

const embedTokenInvalid = () => new AppError(403, ErrorCode.EMBED_TOKEN_INVALID, 'The embed token is unknown or revoked');

/** 403 EMBED_TOKEN_INVALID (reference: "embed token invalid" is a 403), 404 for an unknown bot. */
export async function resolveWidgetSource(db: Db, body: InitBody, onTouchError: (err: unknown) => void): Promise<WidgetSource> {
  const widgets = widgetConversationRepository(db);
  if (body.embed_token !== undefined) {
    const tokens = embedTokenRepository(db);
    const token = await tokens.findActiveByHash(hashToken(body.embed_token));
    if (!token) throw embedTokenInvalid();
    const bot = await widgets.findBot(token.orgId, token.botId);
    if (!bot) throw embedTokenInvalid();
    if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > TOKEN_TOUCH_INTERVAL_MS) {
      tokens.touch(token.id).catch(onTouchError);
    }
    return { kind: 'embed_token', orgId: token.orgId, bot, channelId: token.channelId, allowedOrigins: token.allowedOrigins };
  }
  const bot = body.bot_id === undefined ? null : await widgets.findBotForWidget(body.bot_id);
  if (!bot) throw notFound('Bot');
  return { kind: 'bot', orgId: bot.orgId, bot, channelId: undefined, allowedOrigins: bot.allowedOrigins };
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
export async function webchatChannelOf(db: Db, source: WidgetSource): Promise<string> {
  if (source.channelId) return source.channelId;
  const repos = createRepositories(db);
  const channel =
    (await repos.channels.findForBot(source.orgId, source.bot.id, 'webchat')) ??
    (await repos.channels.create(source.orgId, { botId: source.bot.id, type: 'webchat', name: `${source.bot.name} website chat` }));
  if (!channel) throw notFound('Bot');
  return channel.id;
}
