import type { ApiKeyView } from '@parley/contracts';
import { listApiKeys as listKeys } from '@parley/credentials';
import type { Db } from '@parley/db';
import { defineCommand, requiredFlag } from '../command';
import { resolveOrg } from '../org-ref';

export async function listApiKeys(db: Db, input: { org: string }): Promise<ApiKeyView[]> {
  const org = await resolveOrg(db, input.org);
  return listKeys(db, org.id);
}

const state = (k: ApiKeyView) =>
  k.revoked_at ? 'revoked' : k.expires_at && new Date(k.expires_at) <= new Date() ? 'expired' : 'active ';

export const listApiKeysCommand = defineCommand({
  name: 'list-api-keys',
  summary: "list an organization's API keys (never the keys themselves)",
  usage: '--org <id|slug>',
  flags: { org: { type: 'string' } },
  async run(db, flags) {
    const keys = await listApiKeys(db, { org: requiredFlag(flags, 'org', '<id|slug>') });
    const lines = keys.map(
      (k) => `${k.id}  ${k.prefix}…${k.last_four}  ${state(k)}  ${k.scopes.join(',')}  last used ${k.last_used_at ?? 'never'}  "${k.name}"`,
    );
    return { json: { api_keys: keys }, lines: lines.length ? lines : ['no API keys'] };
  },
});
