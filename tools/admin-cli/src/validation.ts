import { originProblem, USER_ROLES, type UserRole } from '@parley/contracts';
import { UsageError } from './errors';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// Deliberately loose: the real check is a mail that arrives; this only catches typos like "a@b".
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requireText(value: string | undefined, flag: string, maxLength = 200): string {
  const text = value?.trim() ?? '';
  if (!text) throw new UsageError(`--${flag} must not be empty`);
  if (text.length > maxLength) throw new UsageError(`--${flag} is longer than ${maxLength} characters`);
  return text;
}

export function parseSlug(value: string): string {
  if (!SLUG.test(value)) {
    throw new UsageError(`invalid slug "${value}": use 1-63 lowercase letters, digits and dashes, not starting or ending with a dash`);
  }
  return value;
}

/** "Acme Outdoor, Inc." → "acme-outdoor-inc"; empty when the name has no letters or digits. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
}

export function parseEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw new UsageError(`invalid e-mail address "${value}"`);
  return email;
}

export function parseRole(value: string): UserRole {
  const role = USER_ROLES.find((r) => r === value);
  if (!role) throw new UsageError(`invalid role "${value}": use one of ${USER_ROLES.join(', ')}`);
  return role;
}

/**
 * An allowed origin must be exactly what browsers send in the Origin header (`scheme://host[:port]`,
 * lowercase, default port omitted), because the gateway compares the two as strings. The rule
 * itself lives in @parley/contracts, shared with the API.
 */
export function parseOrigin(value: string): string {
  const problem = originProblem(value);
  if (problem) throw new UsageError(problem);
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Record ids are UUIDs; anything else is a typo, reported before touching the database. */
export function parseId(value: string, flag = 'id'): string {
  const id = value.trim().toLowerCase();
  if (!UUID.test(id)) throw new UsageError(`invalid --${flag} "${value}": expected a UUID`);
  return id;
}
