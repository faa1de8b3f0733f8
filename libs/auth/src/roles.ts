import { USER_ROLES, type UserRole } from '@parley/contracts';

/** owner > admin > agent: a route that needs `admin` admits owners too. */
const RANK: Record<UserRole, number> = { agent: 1, admin: 2, owner: 3 };

export const hasRole = (actual: UserRole, needed: UserRole): boolean => RANK[actual] >= RANK[needed];

export const isUserRole = (value: unknown): value is UserRole =>
  typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);
