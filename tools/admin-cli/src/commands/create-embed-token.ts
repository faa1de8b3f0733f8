import type { CreatedEmbedToken } from '@parley/contracts';
import { createEmbedToken as createToken } from '@parley/credentials';
import type { Db } from '@parley/db';
import { resolveBot } from '../bot-ref';
import { defineCommand, listFlag, requiredFlag, stringFlag } from '../command';
import { withCliErrors } from '../errors';
import { resolveOrg } from '../org-ref';
import { parseOrigin } from '../validation';

export interface CreateEmbedTokenInput {
  /** Organization id or slug. */
  org: string;
  /** Bot id or name. */
  bot: string;
  /** Defaults to "<bot name> website". */
  name?: string;
  /** Each exactly `scheme://host[:port]`; none = any origin (development only). */
  allowedOrigins?: string[];
}

/** The same service as `POST /api/embed-tokens`: the token is shown once, only its hash is kept. */
export async function createEmbedToken(db: Db, input: CreateEmbedTokenInput): Promise<CreatedEmbedToken> {
  const allowedOrigins = (input.allowedOrigins ?? []).map(parseOrigin);
  const org = await resolveOrg(db, input.org);
  const bot = await resolveBot(db, org.id, input.bot);
  const { token, view } = await withCliErrors(
    createToken(db, org.id, { botId: bot.id, name: input.name?.trim() || `${bot.name} website`, allowedOrigins }),
  );
  return { ...view, token };
}

export const createEmbedTokenCommand = defineCommand({
  name: 'create-embed-token',
  summary: 'create an ew_ embed token for a bot (printed once)',
  usage: '--org <id|slug> --bot <id|name> [--name <name>] [--allowed-origin <https://host[:port]> ...]',
  flags: { org: { type: 'string' }, bot: { type: 'string' }, name: { type: 'string' }, 'allowed-origin': { type: 'string', multiple: true } },
  async run(db, flags) {
    const created = await createEmbedToken(db, {
      org: requiredFlag(flags, 'org', '<id|slug>'),
      bot: requiredFlag(flags, 'bot', '<id|name>'),
      name: stringFlag(flags, 'name'),
      allowedOrigins: listFlag(flags, 'allowed-origin'),
    });
    const origins = created.any_origin ? 'any (development only: set --allowed-origin for a live site)' : created.allowed_origins.join(', ');
    return {
      json: { ...created },
      lines: [
        `created embed token ${created.name} (id ${created.id}) for bot ${created.bot_name}, channel ${created.channel_id}`,
        `allowed origins: ${origins}`,
        `token: ${created.token}`,
        'store it now: it is not shown again',
      ],
    };
  },
});
