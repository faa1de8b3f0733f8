import { revokeEmbedToken as revokeToken } from '@parley/credentials';
import type { Db } from '@parley/db';
import { defineCommand, requiredFlag } from '../command';
import { withCliErrors } from '../errors';
import { resolveOrg } from '../org-ref';
import { parseId } from '../validation';

export async function revokeEmbedToken(db: Db, input: { org: string; id: string }): Promise<{ id: string; revoked: true }> {
  const id = parseId(input.id);
  const org = await resolveOrg(db, input.org);
  await withCliErrors(revokeToken(db, org.id, id));
  return { id, revoked: true };
}

export const revokeEmbedTokenCommand = defineCommand({
  name: 'revoke-embed-token',
  summary: 'revoke an embed token (sites using it stop loading the widget)',
  usage: '--org <id|slug> --id <token id>',
  flags: { org: { type: 'string' }, id: { type: 'string' } },
  async run(db, flags) {
    const result = await revokeEmbedToken(db, { org: requiredFlag(flags, 'org', '<id|slug>'), id: requiredFlag(flags, 'id') });
    return { json: { ...result }, lines: [`revoked embed token ${result.id}`] };
  },
});
