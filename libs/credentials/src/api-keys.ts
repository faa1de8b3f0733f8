import { AppError, API_KEY_SCOPE_NAMES, ErrorCode, isApiKeyScope, notFound, type ApiKeyScope, type ApiKeyView } from '@parley/contracts';
import { apiKeyRepository, type Db, type OrgId } from '@parley/db';
import { generateToken, hashToken, TOKEN_PREFIX, tokenPreview } from '@parley/security';
import { cleanName, iso } from './text';

export interface CreateApiKeyInput {
  name: string;
  scopes: readonly string[];
  expiresAt?: Date;
  createdById?: string;
}

export interface CreatedApiKeyResult {
  /** The `pk_live_` key: returned this once, only its hash is stored. */
  key: string;
  view: ApiKeyView;
}

type ListedApiKey = Awaited<ReturnType<ReturnType<typeof apiKeyRepository>['list']>>[number];

export function toApiKeyView(row: ListedApiKey): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    last_four: row.lastFour,
    scopes: row.scopes,
    created_at: iso(row.createdAt),
    last_used_at: row.lastUsedAt ? iso(row.lastUsedAt) : null,
    expires_at: row.expiresAt ? iso(row.expiresAt) : null,
    revoked_at: row.revokedAt ? iso(row.revokedAt) : null,
  };
}

/** Known scopes only (400 INVALID_SCOPE names the first unknown one); duplicates collapse. */
export function parseScopes(values: readonly string[]): ApiKeyScope[] {
  if (values.length === 0) throw new AppError(400, ErrorCode.INVALID_SCOPE, `give at least one scope: ${API_KEY_SCOPE_NAMES.join(', ')}`);
  values.forEach((value, index) => {
    if (!isApiKeyScope(value)) {
      const message = `unknown scope "${value}": use ${API_KEY_SCOPE_NAMES.join(', ')}`;
      throw new AppError(400, ErrorCode.INVALID_SCOPE, message, [{ path: `scopes/${index}`, message }]);
    }
  });
  return [...new Set(values as ApiKeyScope[])];
}

export async function createApiKey(db: Db, orgId: OrgId, input: CreateApiKeyInput, now = new Date()): Promise<CreatedApiKeyResult> {
  const name = cleanName(input.name);
  const scopes = parseScopes(input.scopes);
  if (input.expiresAt && !(input.expiresAt.getTime() > now.getTime())) {
    throw new AppError(400, ErrorCode.VALIDATION_FAILED, 'expires_at must be in the future', [{ path: 'expires_at', message: 'must be in the future' }]);
  }
  const key = generateToken(TOKEN_PREFIX.apiKey);
  const preview = tokenPreview(key);
  const row = await apiKeyRepository(db).create(orgId, {
    name,
    prefix: preview.prefix,
    lastFour: preview.lastFour,
    keyHash: hashToken(key),
    scopes,
    ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
    ...(input.createdById ? { createdById: input.createdById } : {}),
  });
  return { key, view: toApiKeyView(row) };
}

export async function listApiKeys(db: Db, orgId: OrgId): Promise<ApiKeyView[]> {
  return (await apiKeyRepository(db).list(orgId)).map(toApiKeyView);
}

/** 404 for an id this organization does not have; revoking twice is fine. */
export async function revokeApiKey(db: Db, orgId: OrgId, id: string): Promise<void> {
  if (!(await apiKeyRepository(db).revoke(orgId, id))) throw notFound('API key');
}
