import { createRepositories, isUniqueViolation, type Db } from '@parley/db';
import type { UserRole } from '@parley/contracts';
import { defineCommand, requiredFlag, stringFlag } from '../command';
import { CommandFailedError } from '../errors';
import { resolveOrg } from '../org-ref';
import { checkPasswordPolicy, hashPassword } from '../password';
import { parseEmail, parseRole, requireText } from '../validation';

export interface CreateUserInput {
  /** Organization id or slug. */
  org: string;
  email: string;
  password: string;
  role: string;
  /** Defaults to the e-mail's local part. */
  name?: string;
}

export interface UserSummary {
  id: string;
  org_id: string;
  email: string;
  display_name: string;
  role: UserRole;
}

export async function createUser(db: Db, input: CreateUserInput): Promise<UserSummary> {
  // Validate everything before the slow hash and before touching the database.
  const email = parseEmail(input.email);
  const role = parseRole(input.role);
  checkPasswordPolicy(input.password);
  const displayName = input.name?.trim() ? requireText(input.name, 'name') : (email.split('@')[0] ?? email);
  const org = await resolveOrg(db, input.org);

  const users = createRepositories(db).users;
  if (await users.findForLogin(email)) throw new CommandFailedError('a user with that e-mail already exists');
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await users.create(org.id, { email, displayName, role, passwordHash });
    return { id: user.id, org_id: org.id, email: user.email, display_name: user.displayName, role: user.role };
  } catch (err) {
    // Lost a race with another writer of the same e-mail: the unique index decides.
    if (isUniqueViolation(err)) throw new CommandFailedError('a user with that e-mail already exists');
    throw err;
  }
}

export const createUserCommand = defineCommand({
  name: 'create-user',
  summary: 'create an owner, admin or agent in an organization',
  usage: '--org <id|slug> --email <email> --password <password> --role owner|admin|agent [--name <name>]',
  flags: {
    org: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
  },
  async run(db, flags) {
    const user = await createUser(db, {
      org: requiredFlag(flags, 'org', '<id|slug>'),
      email: requiredFlag(flags, 'email'),
      password: requiredFlag(flags, 'password'),
      role: requiredFlag(flags, 'role', 'owner|admin|agent'),
      name: stringFlag(flags, 'name'),
    });
    return { json: { ...user }, lines: [`created ${user.role} ${user.email} (id ${user.id}) in organization ${user.org_id}`] };
  },
});
