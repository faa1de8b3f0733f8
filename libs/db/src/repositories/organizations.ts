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
    /** For operators (admin CLI): establishes an OrgId from an id or slug they typed. */
    async findByIdOrSlug(ref: { id: string } | { slug: string }) {
      const org = await db.organization.findUnique({ where: ref, select: { id: true, name: true, slug: true } });
      return org ? { ...org, id: asOrgId(org.id) } : null;
    },
    /** Every organization, oldest first: the operator's platform-wide view. */
    list() {
      return db.organization.findMany({ select: { id: true, name: true, slug: true }, orderBy: { createdAt: 'asc' } });
    },
  };
}
