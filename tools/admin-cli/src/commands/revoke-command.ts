import type { Db, OrgId } from '@parley/db';
import { defineCommand, requiredFlag } from '../command';
import { withCliErrors } from '../errors';
import { resolveOrg } from '../org-ref';
import { parseId } from '../validation';

export type RevokeResult = { id: string; revoked: true };

/**
 * A credential revocation for the operator: `--org` and `--id`, the shared rule from
 * @parley/credentials (another organization's credential is not found). Embed tokens and API keys
 * revoke the same way, so one factory makes both the function and the command.
 */
export function revocation(opts: {
  name: string;
  what: string;
  summary: string;
  revoke: (db: Db, orgId: OrgId, id: string) => Promise<unknown>;
}) {
  async function revoke(db: Db, input: { org: string; id: string }): Promise<RevokeResult> {
    const id = parseId(input.id);
    const org = await resolveOrg(db, input.org);
    await withCliErrors(opts.revoke(db, org.id, id));
    return { id, revoked: true };
  }
  const command = defineCommand({
    name: opts.name,
    summary: opts.summary,
    usage: `--org <id|slug> --id <${opts.what} id>`,
    flags: { org: { type: 'string' }, id: { type: 'string' } },
    async run(db, flags) {
      const result = await revoke(db, { org: requiredFlag(flags, 'org', '<id|slug>'), id: requiredFlag(flags, 'id') });
      return { json: { ...result }, lines: [`revoked ${opts.what} ${result.id}`] };
    },
  });
  return { revoke, command };
}
