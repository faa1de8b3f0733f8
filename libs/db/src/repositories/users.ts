import type { UserRole } from '@parley/contracts';
import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

export interface NewUser {
  email: string;
  displayName: string;
  role: UserRole;
  passwordHash: string;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function userRepository(db: Db) {
  return {
    create(orgId: OrgId, input: NewUser) {
      return db.user.create({ data: { ...input, email: normalizeEmail(input.email), organizationId: orgId } });
    },
    findById(orgId: OrgId, id: string) {
      return db.user.findFirst({ where: { id, organizationId: orgId } });
    },
    list(orgId: OrgId) {
      return db.user.findMany({ where: { organizationId: orgId }, orderBy: { createdAt: 'asc' } });
    },
    /** A user who can hold and answer conversations: of this organization and not deactivated. */
    findActive(orgId: OrgId, id: string) {
      return db.user.findFirst({ where: { id, organizationId: orgId, deactivatedAt: null } });
    },
    /** Null when the organization has no such user. */
    async update(orgId: OrgId, id: string, data: { displayName?: string; role?: UserRole; deactivatedAt?: Date | null }) {
      const { count } = await db.user.updateMany({ where: { id, organizationId: orgId }, data });
      return count ? db.user.findFirst({ where: { id, organizationId: orgId } }) : null;
    },
    /**
     * Login is the one place a user is found before their organization is known: e-mail is
     * unique platform-wide, and the organization comes from the row found.
     */
    findForLogin(email: string) {
      return db.user.findUnique({ where: { email: normalizeEmail(email) } });
    },
    /** After a successful login: when, and a stronger hash if the policy moved on. */
    recordLogin(id: string, newPasswordHash?: string) {
      return db.user.update({
        where: { id },
        data: { lastLoginAt: new Date(), ...(newPasswordHash ? { passwordHash: newPasswordHash } : {}) },
        select: { id: true },
      });
    },
    async setPassword(orgId: OrgId, id: string, passwordHash: string): Promise<boolean> {
      const { count } = await db.user.updateMany({
        where: { id, organizationId: orgId },
        data: { passwordHash, passwordChangedAt: new Date() },
      });
      return count === 1;
    },
  };
}
