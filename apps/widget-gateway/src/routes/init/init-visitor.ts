import { INIT_RESUME_MESSAGES, type InitBody, type InitResponse } from '@parley/contracts';
import type { IdentityVerifier } from '@parley/auth';
import { toWidgetMessage, type Db } from '@parley/db';
import type { WidgetTokenService } from '@parley/security';
import { checkInitOrigin, type WidgetSources } from '../../widget-config/widget-source';
import { findOrStartVisit } from './find-or-start-visit';
import { initResponseJson } from './init-json';
import type { TokenReuse } from './token-reuse';
import type { VisitLookup } from './visit-lookup';

const jsonObject = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export interface InitDeps {
  db: Db;
  verifier: IdentityVerifier;
  sources: WidgetSources;
  visits: VisitLookup;
  widgetTokens: WidgetTokenService;
  tokens: TokenReuse;
}

/**
 * The steps of `/init`, cheapest refusal first: the embed token or bot (403/404), the Origin
 * gate (403), only then the identity assertion (401; verifying it spends its one-time `jti`),
 * the end user, the conversation, and a widget token scoped to that conversation.
 */
export async function initVisitor(deps: InitDeps, body: InitBody, origin: string | undefined, ownPage = false): Promise<InitResponse | Buffer> {
  const source = await deps.sources.resolve(body);
  // Our own widget page (the iframe) is let through: its framing is gated by frame-ancestors.
  if (!ownPage) checkInitOrigin(source, origin);
  const { orgId, bot } = source;
  const channelId = await deps.sources.channelOf(source);
  const visit = await findOrStartVisit(deps, { orgId, botId: bot.id, channelId }, body, INIT_RESUME_MESSAGES);
  const subject = {
    orgId,
    botId: bot.id,
    conversationId: visit.conversationId,
    visitorId: visit.visitor.externalId,
    channelId,
    endUserId: visit.visitor.endUserId,
    preview: visit.isPreview,
  };
  const { kept } = visit;
  // A returning visitor reloading pages gets the token of a few minutes ago; a new one is signed.
  const signed = kept ? await deps.tokens.sign(subject) : await deps.widgetTokens.sign(subject);
  // The same visitor reloading again within the second: the answer built last time is still exact.
  const last = kept?.answer;
  if (last && last.token === signed.token && last.expiresIn === signed.expiresIn && last.bot === bot) return last.body;
  const head = {
    conversation_id: visit.conversationId,
    visitor_id: visit.visitor.externalId,
    verified: visit.visitor.verified,
    token: signed.token,
    expires_at: signed.expiresAt.toISOString(),
    expires_in: signed.expiresIn,
    bot: { id: bot.id, name: bot.name, greeting: bot.greeting, theme: jsonObject(bot.theme), lead_capture: jsonObject(bot.leadCapture) },
  };
  // Already serialized messages are spliced in rather than parsed and serialized again.
  if (kept) {
    const body = initResponseJson(head, kept.messagesJson);
    kept.answer = { token: signed.token, expiresIn: signed.expiresIn, bot, body };
    return body;
  }
  return { ...head, messages: visit.messages.map(toWidgetMessage) };
}
