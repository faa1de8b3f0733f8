import { createRepositories, type Db } from '@parley/db';
import { defineCommand, requiredFlag } from '../command';
import { resolveOrg } from '../org-ref';
import type { UserSummary } from './create-user';

export async function listUsers(db: Db, input: { org: string }): Promise<UserSummary[]> {
  const org = await resolveOrg(db, input.org);
  const users = await createRepositories(db).users.list(org.id);
  return users.map((u) => ({ id: u.id, org_id: org.id, email: u.email, display_name: u.displayName, role: u.role }));
}

export const listUsersCommand = defineCommand({
  name: 'list-users',
  summary: "list an organization's users",
  usage: '--org <id|slug>',
  flags: { org: { type: 'string' } },
  async run(db, flags) {
    const users = await listUsers(db, { org: requiredFlag(flags, 'org', '<id|slug>') });
    const lines = users.map((u) => `${u.id}  ${u.role.padEnd(5)}  ${u.email}  ${u.display_name}`);
    return { json: { users }, lines: lines.length ? lines : ['no users'] };
  },
});
