import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

export function endUserRepository(db: Db) {
  return {
    /** The end user behind an external id, created on first sight. */
    upsert(orgId: OrgId, externalId: string, input: { displayName?: string; verified?: boolean } = {}) {
      return db.endUser.upsert({
        where: { organizationId_externalId: { organizationId: orgId, externalId } },
        create: { organizationId: orgId, externalId, ...input, lastSeenAt: new Date() },
        update: { ...input, lastSeenAt: new Date() },
      });
    },
    findByExternalId(orgId: OrgId, externalId: string) {
      return db.endUser.findUnique({ where: { organizationId_externalId: { organizationId: orgId, externalId } } });
    },
  };
}
