import { API_KEY_SCOPE_NAMES, type CreatedApiKey } from '@parley/contracts';
import { createApiKey as createKey } from '@parley/credentials';
import type { Db } from '@parley/db';
import { defineCommand, listFlag, requiredFlag, stringFlag } from '../command';
import { UsageError, withCliErrors } from '../errors';
import { resolveOrg } from '../org-ref';

export interface CreateApiKeyInput {
  org: string;
  name: string;
  scopes: string[];
  /** ISO 8601 date or date-time. */
  expiresAt?: string;
}

function parseDate(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(`invalid --expires-at "${value}": use an ISO 8601 date such as 2026-12-31 or 2026-12-31T23:59:00Z`);
  }
  return date;
}

/** The same service as `POST /api/api-keys`: the key is shown once, only its hash is kept. */
export async function createApiKey(db: Db, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  const expiresAt = input.expiresAt !== undefined ? parseDate(input.expiresAt) : undefined;
  const org = await resolveOrg(db, input.org);
  const { key, view } = await withCliErrors(createKey(db, org.id, { name: input.name, scopes: input.scopes, ...(expiresAt ? { expiresAt } : {}) }));
  return { ...view, key };
}

export const createApiKeyCommand = defineCommand({
  name: 'create-api-key',
  summary: 'create a pk_live_ API key with scopes (printed once)',
  usage: `--org <id|slug> --name <name> --scope <${API_KEY_SCOPE_NAMES.join('|')}> ... [--expires-at <ISO date>]`,
  flags: { org: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string', multiple: true }, 'expires-at': { type: 'string' } },
  async run(db, flags) {
    const created = await createApiKey(db, {
      org: requiredFlag(flags, 'org', '<id|slug>'),
      name: requiredFlag(flags, 'name'),
      scopes: listFlag(flags, 'scope'),
      expiresAt: stringFlag(flags, 'expires-at'),
    });
    return {
      json: { ...created },
      lines: [
        `created API key ${created.name} (id ${created.id}) with scopes ${created.scopes.join(', ')}${created.expires_at ? `, expiring ${created.expires_at}` : ''}`,
        `key: ${created.key}`,
        'store it now: it is not shown again',
      ],
    };
  },
});
