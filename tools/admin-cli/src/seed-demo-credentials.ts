import { readFile } from 'node:fs/promises';
import { API_KEY_SCOPE_NAMES } from '@parley/contracts';
import { authenticateClient, createApiKey, createApp, createEmbedToken } from '@parley/credentials';
import { apiKeyRepository, embedTokenRepository, registeredAppRepository, type Db, type OrgId } from '@parley/db';
import { hashToken, type CipherKeyring } from '@parley/security';

/** The demo's credentials as `.parley/demo.json` holds them (plaintext: demo only, file is 0600). */
export interface DemoIntegrationCredentials {
  embed_token: string;
  api_key: string;
  app: { client_id: string; client_secret: string };
}
export type PreviousDemoCredentials = Partial<DemoIntegrationCredentials> | null | undefined;

/** Names that mark the rows the seed owns, so it replaces its own credentials and nobody else's. */
export const DEMO_EMBED_TOKEN_NAME = 'Demo site';
export const DEMO_API_KEY_NAME = 'Demo API key';
export const DEMO_APP_NAME = 'Demo integrator';

/**
 * Tokens are stored hashed, so a second run cannot read the first run's plaintext back. Instead
 * the caller hands in what the previous run wrote to demo.json; each credential there is kept
 * if it still authenticates to the same demo rows, and otherwise replaced: the seed's earlier
 * rows (found by their demo names) are revoked and a new credential is issued.
 */
export async function ensureDemoCredentials(
  db: Db,
  cipher: CipherKeyring,
  target: { orgId: OrgId; botId: string; allowedOrigin: string },
  previous: PreviousDemoCredentials,
): Promise<DemoIntegrationCredentials> {
  return {
    embed_token: await ensureEmbedToken(db, target, previous?.embed_token),
    api_key: await ensureApiKey(db, target.orgId, previous?.api_key),
    app: await ensureApp(db, cipher, target.orgId, previous?.app),
  };
}

async function ensureEmbedToken(db: Db, t: { orgId: OrgId; botId: string; allowedOrigin: string }, previous?: string): Promise<string> {
  const tokens = embedTokenRepository(db);
  const live = typeof previous === 'string' ? await tokens.findActiveByHash(hashToken(previous)) : null;
  if (live && live.orgId === t.orgId && live.botId === t.botId && live.allowedOrigins.includes(t.allowedOrigin)) return previous!;
  await tokens.revokeByName(t.orgId, t.botId, DEMO_EMBED_TOKEN_NAME);
  const { token } = await createEmbedToken(db, t.orgId, { botId: t.botId, name: DEMO_EMBED_TOKEN_NAME, allowedOrigins: [t.allowedOrigin] });
  return token;
}

async function ensureApiKey(db: Db, orgId: OrgId, previous?: string): Promise<string> {
  const keys = apiKeyRepository(db);
  const live = typeof previous === 'string' ? await keys.findActiveByHash(hashToken(previous)) : null;
  if (live && live.orgId === orgId && API_KEY_SCOPE_NAMES.every((s) => live.scopes.includes(s))) return previous!;
  for (const key of await keys.list(orgId)) {
    if (key.name === DEMO_API_KEY_NAME && !key.revokedAt) await keys.revoke(orgId, key.id);
  }
  return (await createApiKey(db, orgId, { name: DEMO_API_KEY_NAME, scopes: API_KEY_SCOPE_NAMES })).key;
}

async function ensureApp(db: Db, cipher: CipherKeyring, orgId: OrgId, previous?: { client_id?: string; client_secret?: string }) {
  if (previous?.client_id && previous.client_secret) {
    // Throws if ENCRYPTION_KEYS changed since: then the app cannot sign any more and is replaced.
    const live = await authenticateClient(db, cipher, previous.client_id, previous.client_secret).catch(() => null);
    if (live && live.orgId === orgId) return { client_id: previous.client_id, client_secret: previous.client_secret };
  }
  await registeredAppRepository(db).revokeByName(orgId, DEMO_APP_NAME);
  const created = await createApp(db, cipher, orgId, { name: DEMO_APP_NAME });
  return { client_id: created.client_id, client_secret: created.client_secret! };
}

/** The credentials part of a previous demo.json, or undefined when there is none (first run). */
export async function readPreviousDemoCredentials(file: string): Promise<PreviousDemoCredentials> {
  try {
    const state = JSON.parse(await readFile(file, 'utf8')) as Partial<DemoIntegrationCredentials>;
    return { embed_token: state.embed_token, api_key: state.api_key, app: state.app };
  } catch {
    return undefined;
  }
}
