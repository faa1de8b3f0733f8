import type { AppView } from '@parley/contracts';
import { listApps as listRegistered } from '@parley/credentials';
import type { Db } from '@parley/db';
import { defineCommand, requiredFlag } from '../command';
import { resolveOrg } from '../org-ref';

export async function listApps(db: Db, input: { org: string }): Promise<AppView[]> {
  const org = await resolveOrg(db, input.org);
  return listRegistered(db, org.id);
}

export const listAppsCommand = defineCommand({
  name: 'list-apps',
  summary: "list an organization's registered apps and their keys (never secrets)",
  usage: '--org <id|slug>',
  flags: { org: { type: 'string' } },
  async run(db, flags) {
    const apps = await listApps(db, { org: requiredFlag(flags, 'org', '<id|slug>') });
    const lines = apps.flatMap((a) => [
      `${a.id}  ${a.client_id}  ${a.revoked_at ? 'revoked' : 'active '}  "${a.name}"`,
      ...a.keys.map((k) => `    ${k.kid}  ${k.algorithm}  ${k.fingerprint}  ${k.revoked_at ? 'retired' : 'active'}`),
    ]);
    return { json: { apps }, lines: lines.length ? lines : ['no apps'] };
  },
});
