import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

export interface NewBot {
  name: string;
  greeting?: string;
  prompt?: string;
  allowedOrigins?: string[];
}

export function botRepository(db: Db) {
  return {
    create(orgId: OrgId, input: NewBot) {
      return db.bot.create({ data: { ...input, organizationId: orgId } });
    },
    findById(orgId: OrgId, id: string) {
      return db.bot.findFirst({ where: { id, organizationId: orgId } });
    },
    findByName(orgId: OrgId, name: string) {
      return db.bot.findFirst({ where: { name, organizationId: orgId }, orderBy: { createdAt: 'asc' } });
    },
    list(orgId: OrgId) {
      return db.bot.findMany({ where: { organizationId: orgId }, orderBy: { createdAt: 'asc' } });
    },
  };
}
