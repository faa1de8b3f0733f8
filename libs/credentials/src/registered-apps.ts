import { randomUUID } from 'node:crypto';
import {
  AppError,
  ErrorCode,
  conflict,
  notFound,
  type AppKeyView,
  type AppView,
  type AppWithSecret,
  type PublicKeyInput,
} from '@parley/contracts';
import { isUniqueViolation, registeredAppRepository, type Db, type ListedApp, type ListedSigningKey, type NewSigningKey, type OrgId } from '@parley/db';
import { generateToken, TOKEN_PREFIX, type CipherKeyring } from '@parley/security';
import { mintClientSecret } from './client-secrets';
import { publicKeyFingerprint, validatePublicKey, type ValidatedPublicKey } from './public-keys';
import { cleanName, iso } from './text';

export interface CreateAppInput {
  name: string;
  /** Issue an HS256 client secret; default true. */
  clientSecret?: boolean;
  publicKeys?: PublicKeyInput[];
  createdById?: string;
}

export function toAppKeyView(key: ListedSigningKey): AppKeyView {
  return {
    kid: key.kid,
    algorithm: key.algorithm,
    // For a secret, its SHA-256 is stored anyway (to authenticate); the first 16 hex digits name it.
    fingerprint: key.secretHash ? key.secretHash.slice(0, 16) : publicKeyFingerprint({ pem: key.publicKeyPem, jwk: key.publicKeyJwk }),
    created_at: iso(key.createdAt),
    revoked_at: key.revokedAt ? iso(key.revokedAt) : null,
  };
}

export function toAppView(app: ListedApp): AppView {
  return {
    id: app.id,
    name: app.name,
    client_id: app.clientId,
    created_at: iso(app.createdAt),
    revoked_at: app.revokedAt ? iso(app.revokedAt) : null,
    keys: app.signingKeys.map(toAppKeyView),
  };
}

const publicKeyRow = (key: ValidatedPublicKey): NewSigningKey => ({
  id: randomUUID(),
  kid: key.kid,
  algorithm: key.algorithm,
  ...(key.publicKeyPem ? { publicKeyPem: key.publicKeyPem } : {}),
  ...(key.publicKeyJwk ? { publicKeyJwk: { ...key.publicKeyJwk } } : {}),
});

const duplicateKid = (kid: string) => conflict(`kid "${kid}" is already used by this app (retired kids are not reused)`, ErrorCode.ALREADY_EXISTS);

export async function createApp(db: Db, cipher: CipherKeyring, orgId: OrgId, input: CreateAppInput): Promise<AppWithSecret> {
  const name = cleanName(input.name);
  const publicKeys = await Promise.all((input.publicKeys ?? []).map((k, i) => validatePublicKey(k, `public_keys/${i}`)));
  const seen = new Set<string>();
  for (const key of publicKeys) {
    if (seen.has(key.kid)) throw duplicateKid(key.kid);
    seen.add(key.kid);
  }
  const wantsSecret = input.clientSecret ?? true;
  if (!wantsSecret && publicKeys.length === 0) {
    throw new AppError(400, ErrorCode.VALIDATION_FAILED, 'an app needs a client secret or at least one public key');
  }
  const minted = wantsSecret ? mintClientSecret(cipher) : undefined;
  if (minted && seen.has(minted.kid)) throw duplicateKid(minted.kid);
  const app = await registeredAppRepository(db).create(orgId, {
    name,
    // 128 random bits: not a secret (it is every assertion's `iss`), but not guessable either.
    clientId: generateToken(TOKEN_PREFIX.clientId, 16),
    ...(input.createdById ? { createdById: input.createdById } : {}),
    keys: [...(minted ? [minted.row] : []), ...publicKeys.map(publicKeyRow)],
  });
  return { ...toAppView(app), ...(minted ? { client_secret: minted.secret, client_secret_kid: minted.kid } : {}) };
}

export async function listApps(db: Db, orgId: OrgId): Promise<AppView[]> {
  return (await registeredAppRepository(db).list(orgId)).map(toAppView);
}

export async function getApp(db: Db, orgId: OrgId, id: string): Promise<AppView> {
  const app = await registeredAppRepository(db).findById(orgId, id);
  if (!app) throw notFound('App');
  return toAppView(app);
}

export async function revokeApp(db: Db, orgId: OrgId, id: string): Promise<void> {
  if (!(await registeredAppRepository(db).revoke(orgId, id))) throw notFound('App');
}

/** Keys can only be added to a live app of this organization (404 / 409 otherwise). */
async function liveApp(db: Db, orgId: OrgId, id: string): Promise<ListedApp> {
  const app = await registeredAppRepository(db).findById(orgId, id);
  if (!app) throw notFound('App');
  if (app.revokedAt) throw conflict('The app is revoked: register a new one');
  return app;
}

async function insertKey(db: Db, orgId: OrgId, appId: string, row: NewSigningKey): Promise<ListedSigningKey> {
  try {
    return await registeredAppRepository(db).addKey(orgId, appId, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateKid(row.kid);
    throw err;
  }
}

/** Rotation: the new key verifies at once, and the old ones keep verifying until retired. */
export async function addAppKey(db: Db, orgId: OrgId, appId: string, input: PublicKeyInput): Promise<AppKeyView> {
  const validated = await validatePublicKey(input, 'body');
  const app = await liveApp(db, orgId, appId);
  if (app.signingKeys.some((k) => k.kid === validated.kid)) throw duplicateKid(validated.kid);
  return toAppKeyView(await insertKey(db, orgId, app.id, publicKeyRow(validated)));
}

/** A new client secret under a new kid; it signs from now on, the previous one verifies until retired. */
export async function rotateClientSecret(db: Db, cipher: CipherKeyring, orgId: OrgId, appId: string): Promise<AppWithSecret> {
  const app = await liveApp(db, orgId, appId);
  const minted = mintClientSecret(cipher);
  await insertKey(db, orgId, app.id, minted.row);
  return { ...(await getApp(db, orgId, app.id)), client_secret: minted.secret, client_secret_kid: minted.kid };
}

/** Retired keys stay listed (with `revoked_at`) and their kid is never reused. */
export async function retireAppKey(db: Db, orgId: OrgId, appId: string, kid: string): Promise<void> {
  if (!(await registeredAppRepository(db).retireKey(orgId, appId, kid))) throw notFound('Key');
}
