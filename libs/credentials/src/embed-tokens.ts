import { AppError, ErrorCode, notFound, originProblem, type EmbedTokenView } from '@parley/contracts';
import { createRepositories, embedTokenRepository, type Db, type OrgId } from '@parley/db';
import { generateToken, hashToken, TOKEN_PREFIX, tokenPreview } from '@parley/security';
import { cleanName, iso } from './text';

export interface CreateEmbedTokenInput {
  botId: string;
  /** Defaults to the bot's webchat channel, created if the bot has none. */
  channelId?: string;
  name: string;
  allowedOrigins?: string[];
  createdById?: string;
}

export interface CreatedEmbedTokenResult {
  /** The `ew_` token: returned this once, only its hash is stored. */
  token: string;
  view: EmbedTokenView;
}

type ListedEmbedToken = Awaited<ReturnType<ReturnType<typeof embedTokenRepository>['list']>>[number];

export function toEmbedTokenView(row: ListedEmbedToken): EmbedTokenView {
  const anyOrigin = row.allowedOrigins.length === 0;
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    bot_id: row.botId,
    bot_name: row.bot.name,
    channel_id: row.channelId,
    allowed_origins: row.allowedOrigins,
    any_origin: anyOrigin,
    development_only: anyOrigin,
    created_at: iso(row.createdAt),
    last_used_at: row.lastUsedAt ? iso(row.lastUsedAt) : null,
    revoked_at: row.revokedAt ? iso(row.revokedAt) : null,
  };
}

/** Each entry exactly `scheme://host[:port]`; duplicates collapse. 400 INVALID_ORIGIN names the entry. */
export function parseAllowedOrigins(values: readonly string[], path = 'allowed_origins'): string[] {
  values.forEach((value, index) => {
    const problem = originProblem(value);
    if (problem) throw new AppError(400, ErrorCode.INVALID_ORIGIN, problem, [{ path: `${path}/${index}`, message: problem }]);
  });
  return [...new Set(values)];
}

/**
 * The bot (and channel) must be the caller's: another organization's ids answer 404 exactly
 * like ids that do not exist, so nobody can probe which ids are taken.
 */
async function resolveChannel(db: Db, orgId: OrgId, botId: string, channelId: string | undefined) {
  const repos = createRepositories(db);
  const bot = await repos.bots.findById(orgId, botId);
  if (!bot) throw notFound('Bot');
  if (channelId) {
    const channel = await repos.channels.findById(orgId, channelId);
    if (!channel) throw notFound('Channel');
    if (channel.botId !== bot.id) throw new AppError(400, ErrorCode.VALIDATION_FAILED, 'channel_id is not a channel of bot_id');
    return channel;
  }
  const channel =
    (await repos.channels.findForBot(orgId, bot.id, 'webchat')) ??
    (await repos.channels.create(orgId, { botId: bot.id, type: 'webchat', name: `${bot.name} website chat` }));
  if (!channel) throw notFound('Bot');
  return channel;
}

export async function createEmbedToken(db: Db, orgId: OrgId, input: CreateEmbedTokenInput): Promise<CreatedEmbedTokenResult> {
  const name = cleanName(input.name);
  const allowedOrigins = parseAllowedOrigins(input.allowedOrigins ?? []);
  const channel = await resolveChannel(db, orgId, input.botId, input.channelId);
  const token = generateToken(TOKEN_PREFIX.embedToken);
  const row = await embedTokenRepository(db).create(orgId, {
    botId: channel.botId,
    channelId: channel.id,
    name,
    prefix: tokenPreview(token).prefix,
    tokenHash: hashToken(token),
    allowedOrigins,
    ...(input.createdById ? { createdById: input.createdById } : {}),
  });
  // Only if the bot or channel was deleted in between.
  if (!row) throw notFound('Channel');
  return { token, view: toEmbedTokenView(row) };
}

export async function listEmbedTokens(db: Db, orgId: OrgId): Promise<EmbedTokenView[]> {
  return (await embedTokenRepository(db).list(orgId)).map(toEmbedTokenView);
}

/** 404 for an id this organization does not have; revoking twice is fine. */
export async function revokeEmbedToken(db: Db, orgId: OrgId, id: string): Promise<void> {
  if (!(await embedTokenRepository(db).revoke(orgId, id))) throw notFound('Embed token');
}
