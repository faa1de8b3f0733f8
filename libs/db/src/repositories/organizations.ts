import type { Db } from '../prisma-client';
import { asOrgId, type OrgId } from '../tenant';

/** Organizations are the tenants themselves, so these are the only unscoped lookups. */
export function organizationRepository(db: Db) {
  return {
    async create(input: { name: string; slug: string }) {
      const org = await db.organization.create({ data: input });
      return { ...org, id: asOrgId(org.id) };
    },
    async upsertBySlug(input: { name: string; slug: string }) {
      const org = await db.organization.upsert({ where: { slug: input.slug }, create: input, update: {} });
      return { ...org, id: asOrgId(org.id) };
    },
    findById(orgId: OrgId) {
      return db.organization.findUnique({ where: { id: orgId } });
    },
  };
}
