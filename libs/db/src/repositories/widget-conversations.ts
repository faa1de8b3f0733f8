import { randomBytes } from 'node:crypto';
import type { Db } from '../prisma-client';
import { asOrgId, type OrgId } from '../tenant';
import { isUniqueViolation } from '../prisma-errors';

/** What the public widget shows of a bot, plus what the gateway needs to gate and meter it. */
const widgetBot = {
  id: true,
  organizationId: true,
  name: true,
  greeting: true,
  theme: true,
  leadCapture: true,
  allowedOrigins: true,
  budgetBurst: true,
  budgetRefillPerMin: true,
  budgetDailyCap: true,
} as const;

/**
 * Queries of the public widget surface. Most are tenant-scoped like every repository; the few
 * marked "establishes the tenant" run before any organization is known (an unauthenticated
 * request naming a bot, an origin or a conversation) and return the organization they found.
 */
export function widgetConversationRepository(db: Db) {
  return {
    /** Establishes the tenant: a bot named by id in a public request. */
    async findBotForWidget(botId: string) {
      const bot = await db.bot.findUnique({ where: { id: botId }, select: widgetBot });
      return bot ? { ...bot, orgId: asOrgId(bot.organizationId) } : null;
    },
    findBot(orgId: OrgId, botId: string) {
      return db.bot.findFirst({ where: { id: botId, organizationId: orgId }, select: widgetBot });
    },

    /**
     * Every origin any live embed token or bot of any organization lists, and whether a live
     * token with an empty list (development: any origin) exists. Only used to answer CORS
     * preflights, which carry no credentials; the same two queries however many origins are asked about.
     */
    async listedOrigins(): Promise<{ anyOrigin: boolean; origins: string[] }> {
      const [rows, open] = await Promise.all([
        db.$queryRaw<{ origin: string }[]>`
          SELECT DISTINCT o AS origin FROM (
            SELECT unnest(allowed_origins) AS o FROM embed_tokens WHERE revoked_at IS NULL
            UNION ALL SELECT unnest(allowed_origins) FROM bots
          ) listed`,
        db.embedToken.findFirst({ where: { revokedAt: null, allowedOrigins: { isEmpty: true } }, select: { id: true } }),
      ]);
      return { anyOrigin: open !== null, origins: rows.map((r) => r.origin) };
    },

    /** The origins a bot's widget may run on: its own list plus those of its live embed tokens. */
    async botOrigins(orgId: OrgId, botId: string): Promise<{ anyOrigin: boolean; origins: string[] }> {
      const [bot, tokens] = await Promise.all([
        db.bot.findFirst({ where: { id: botId, organizationId: orgId }, select: { allowedOrigins: true } }),
        db.embedToken.findMany({ where: { organizationId: orgId, botId, revokedAt: null }, select: { allowedOrigins: true } }),
      ]);
      const origins = new Set(bot?.allowedOrigins ?? []);
      for (const t of tokens) t.allowedOrigins.forEach((o) => origins.add(o));
      return { anyOrigin: tokens.some((t) => t.allowedOrigins.length === 0), origins: [...origins] };
    },

    /**
     * The end user behind an anonymous visitor id, created on first sight. Null when that id
     * belongs to a verified end user: only an identity assertion may speak for one. The update
     * itself is conditional (`verified = false`), so a visitor racing the user's first
     * verification cannot slip in between a check and a write.
     */
    async claimAnonymousEndUser(orgId: OrgId, externalId: string, displayName?: string) {
      const where = { organizationId: orgId, externalId, verified: false };
      const data = { lastSeenAt: new Date(), ...(displayName ? { displayName } : {}) };
      for (let attempt = 0; attempt < 2; attempt++) {
        const { count } = await db.endUser.updateMany({ where, data });
        const claimed = count ? await db.endUser.findFirst({ where, select: { id: true, externalId: true } }) : null;
        if (claimed) return claimed;
        if (await db.endUser.findUnique({ where: { organizationId_externalId: { organizationId: orgId, externalId } }, select: { id: true } })) {
          return null;
        }
        try {
          return await db.endUser.create({ data: { organizationId: orgId, externalId, ...data }, select: { id: true, externalId: true } });
        } catch (err) {
          // Someone created it meanwhile: go round once more and judge that row.
          if (!isUniqueViolation(err)) throw err;
        }
      }
      return null;
    },

    /**
     * Before an identity assertion first verifies `externalId`: an unverified end user of that id
     * (whoever typed it into a widget) is renamed `<id>#unverified-<random>`, keeping its
     * conversations, so the verified user starts with none of them. No-op once verified.
     */
    async setAsideUnverified(orgId: OrgId, externalId: string): Promise<boolean> {
      const suffix = `#unverified-${randomBytes(6).toString('hex')}`;
      const count = await db.$executeRaw`
        UPDATE end_users SET external_id = external_id || ${suffix}, updated_at = now()
        WHERE organization_id = ${orgId}::uuid AND external_id = ${externalId} AND verified = false`;
      return count > 0;
    },

    findConversation(orgId: OrgId, channelId: string, endUserId: string) {
      return db.conversation.findFirst({ where: { organizationId: orgId, channelId, endUserId } });
    },

    /**
     * Establishes the tenant: the history endpoint authenticates with a conversation id and the
     * end user's external id. Returns null unless both match, so callers cannot tell a wrong id
     * from a missing conversation.
     */
    async findForHistory(conversationId: string, externalId: string) {
      const row = await db.conversation.findUnique({
        where: { id: conversationId },
        select: { id: true, organizationId: true, endUser: { select: { externalId: true, verified: true } } },
      });
      if (!row || row.endUser.externalId !== externalId) return null;
      return { id: row.id, orgId: asOrgId(row.organizationId), verified: row.endUser.verified };
    },

    /** The human agent holding a session, if any: while one does, the bot stays quiet. */
    async sessionAssignee(orgId: OrgId, sessionId: string): Promise<string | null> {
      const session = await db.conversationSession.findFirst({
        where: { id: sessionId, organizationId: orgId, status: 'open' },
        select: { assignedAgentId: true },
      });
      return session?.assignedAgentId ?? null;
    },
  };
}
export type WidgetBot = NonNullable<Awaited<ReturnType<ReturnType<typeof widgetConversationRepository>['findBot']>>>;
