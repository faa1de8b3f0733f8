import { revokeApiKey as revokeKey } from '@parley/credentials';
import type { Db } from '@parley/db';
import { defineCommand, requiredFlag } from '../command';
import { withCliErrors } from '../errors';
import { resolveOrg } from '../org-ref';
import { parseId } from '../validation';

export async function revokeApiKey(db: Db, input: { org: string; id: string }): Promise<{ id: string; revoked: true }> {
  const id = parseId(input.id);
  const org = await resolveOrg(db, input.org);
  await withCliErrors(revokeKey(db, org.id, id));
  return { id, revoked: true };
}

export const revokeApiKeyCommand = defineCommand({
  name: 'revoke-api-key',
  summary: 'revoke an API key (refused from the next request on)',
  usage: '--org <id|slug> --id <key id>',
  flags: { org: { type: 'string' }, id: { type: 'string' } },
  async run(db, flags) {
    const result = await revokeApiKey(db, { org: requiredFlag(flags, 'org', '<id|slug>'), id: requiredFlag(flags, 'id') });
    return { json: { ...result }, lines: [`revoked API key ${result.id}`] };
  },
});
