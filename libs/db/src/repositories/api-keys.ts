import type { Db } from '../prisma-client';
import { asOrgId, type OrgId } from '../tenant';

export interface NewApiKey {
  name: string;
  prefix: string;
  lastFour: string;
  keyHash: string;
  scopes: string[];
  createdById?: string;
  expiresAt?: Date;
}

const listed = {
  id: true,
  name: true,
  prefix: true,
  lastFour: true,
  scopes: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

export function apiKeyRepository(db: Db) {
  return {
    create(orgId: OrgId, input: NewApiKey) {
      return db.apiKey.create({ data: { ...input, organizationId: orgId }, select: listed });
    },
    list(orgId: OrgId) {
      return db.apiKey.findMany({ where: { organizationId: orgId }, select: listed, orderBy: { createdAt: 'desc' } });
    },
    /** Revoking twice is harmless; another organization's key is simply not found. */
    async revoke(orgId: OrgId, id: string): Promise<boolean> {
      const { count } = await db.apiKey.updateMany({
        where: { id, organizationId: orgId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      if (count) return true;
      return (await db.apiKey.count({ where: { id, organizationId: orgId } })) > 0;
    },
    /**
     * Authentication itself: the key's hash establishes the organization, so this lookup is the
     * one that cannot be scoped by a tenant yet.
     */
    async findActiveByHash(keyHash: string, now = new Date()) {
      const key = await db.apiKey.findUnique({ where: { keyHash } });
      if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return null;
      return { id: key.id, orgId: asOrgId(key.organizationId), scopes: key.scopes, lastUsedAt: key.lastUsedAt };
    },
    touch(id: string, at = new Date()) {
      return db.apiKey.update({ where: { id }, data: { lastUsedAt: at }, select: { id: true } });
    },
  };
}
