import type { Db } from '../prisma-client';
import { asOrgId, type OrgId } from '../tenant';

export interface NewEmbedToken {
  botId: string;
  channelId: string;
  name: string;
  prefix: string;
  tokenHash: string;
  allowedOrigins: string[];
  createdById?: string;
}

/** Everything a listing shows; the hash stays in the database. */
const listed = {
  id: true,
  name: true,
  prefix: true,
  botId: true,
  channelId: true,
  allowedOrigins: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
  bot: { select: { name: true } },
} as const;

/** What the widget gateway needs once an `ew_` token checks out. */
export interface ActiveEmbedToken {
  id: string;
  orgId: OrgId;
  botId: string;
  channelId: string;
  /** Empty = any origin (development only); see `isOriginAllowed` in @parley/contracts. */
  allowedOrigins: string[];
  lastUsedAt: Date | null;
}

export function embedTokenRepository(db: Db) {
  return {
    /** Null when the channel is not this bot's in this organization: it does not exist for this tenant. */
    async create(orgId: OrgId, input: NewEmbedToken) {
      const channel = await db.channel.findFirst({
        where: { id: input.channelId, botId: input.botId, organizationId: orgId },
        select: { id: true },
      });
      if (!channel) return null;
      return db.embedToken.create({ data: { ...input, organizationId: orgId }, select: listed });
    },
    list(orgId: OrgId) {
      return db.embedToken.findMany({ where: { organizationId: orgId }, select: listed, orderBy: { createdAt: 'desc' } });
    },
    /** Revoking twice is harmless; another organization's token is simply not found. */
    async revoke(orgId: OrgId, id: string): Promise<boolean> {
      const { count } = await db.embedToken.updateMany({
        where: { id, organizationId: orgId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      if (count) return true;
      return (await db.embedToken.count({ where: { id, organizationId: orgId } })) > 0;
    },
    /** Revokes every live token of a bot with this name (the demo seed replacing its own token). */
    async revokeByName(orgId: OrgId, botId: string, name: string): Promise<number> {
      const { count } = await db.embedToken.updateMany({
        where: { organizationId: orgId, botId, name, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      return count;
    },
    /**
     * Authentication itself: the token's hash establishes the organization, so this lookup is
     * the one that cannot be scoped by a tenant yet. Revoked tokens are not found.
     */
    async findActiveByHash(tokenHash: string): Promise<ActiveEmbedToken | null> {
      const token = await db.embedToken.findUnique({ where: { tokenHash } });
      if (!token || token.revokedAt) return null;
      return {
        id: token.id,
        orgId: asOrgId(token.organizationId),
        botId: token.botId,
        channelId: token.channelId,
        allowedOrigins: token.allowedOrigins,
        lastUsedAt: token.lastUsedAt,
      };
    },
    touch(id: string, at = new Date()) {
      return db.embedToken.update({ where: { id }, data: { lastUsedAt: at }, select: { id: true } });
    },
  };
}
