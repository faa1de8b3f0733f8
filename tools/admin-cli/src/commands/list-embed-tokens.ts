import type { EmbedTokenView } from '@parley/contracts';
import { listEmbedTokens as listTokens } from '@parley/credentials';
import type { Db } from '@parley/db';
import { defineCommand, requiredFlag } from '../command';
import { resolveOrg } from '../org-ref';

export async function listEmbedTokens(db: Db, input: { org: string }): Promise<EmbedTokenView[]> {
  const org = await resolveOrg(db, input.org);
  return listTokens(db, org.id);
}

export const listEmbedTokensCommand = defineCommand({
  name: 'list-embed-tokens',
  summary: "list an organization's embed tokens (never the tokens themselves)",
  usage: '--org <id|slug>',
  flags: { org: { type: 'string' } },
  async run(db, flags) {
    const tokens = await listEmbedTokens(db, { org: requiredFlag(flags, 'org', '<id|slug>') });
    const lines = tokens.map(
      (t) =>
        `${t.id}  ${t.prefix}…  ${t.revoked_at ? 'revoked' : 'active '}  bot ${t.bot_name}  ` +
        `origins: ${t.any_origin ? 'any (development only)' : t.allowed_origins.join(', ')}  "${t.name}"`,
    );
    return { json: { embed_tokens: tokens }, lines: lines.length ? lines : ['no embed tokens'] };
  },
});
