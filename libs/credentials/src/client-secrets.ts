import { randomBytes, randomUUID } from 'node:crypto';
import { registeredAppRepository, signingKeySecretAad, type Db, type NewSigningKey, type OrgId } from '@parley/db';
import { constantTimeEqual, generateToken, hashToken, TOKEN_PREFIX, type CipherKeyring } from '@parley/security';

export interface MintedClientSecret {
  /** The `cs_` secret: returned this once; stored encrypted (to sign and verify) and hashed (to authenticate). */
  secret: string;
  kid: string;
  row: NewSigningKey;
}

/**
 * A new HS256 client secret as a signing-key row. The row id is chosen here because the
 * ciphertext is bound to it (AAD), so it must be known before the insert.
 */
export function mintClientSecret(cipher: CipherKeyring): MintedClientSecret {
  const id = randomUUID();
  const secret = generateToken(TOKEN_PREFIX.clientSecret);
  // Random rather than counted: two rotations racing cannot produce the same kid.
  const kid = `cs-${randomBytes(6).toString('hex')}`;
  return {
    secret,
    kid,
    row: { id, kid, algorithm: 'HS256', secretEnc: cipher.encrypt(secret, signingKeySecretAad(id)), secretHash: hashToken(secret) },
  };
}

export interface AuthenticatedClient {
  appId: string;
  orgId: OrgId;
  clientId: string;
  /** The app's current (newest active) client secret, decrypted, and its kid: what tokens are signed with. */
  signing: { kid: string; secret: string };
}

/** Compared against when the client id is unknown, so both failures take the same time. */
const DECOY_HASH = hashToken('decoy client secret that never matches');

/**
 * HTTP Basic authentication of a registered app: any active client secret is accepted (so a
 * rotation has a grace period), compared by hash in constant time. Null for an unknown or
 * revoked app, a wrong secret, or an app without any client secret.
 */
export async function authenticateClient(
  db: Db,
  cipher: CipherKeyring,
  clientId: string,
  secret: string,
): Promise<AuthenticatedClient | null> {
  const app = await registeredAppRepository(db).findActiveByClientId(clientId);
  const secrets = (app?.keys ?? []).filter((k) => k.algorithm === 'HS256' && k.secretHash && k.secretEnc);
  const given = hashToken(secret);
  let matched = false;
  // Every candidate is compared (no early exit), so timing does not tell which one matched.
  for (const key of secrets) matched = constantTimeEqual(given, key.secretHash!) || matched;
  if (secrets.length === 0) constantTimeEqual(given, DECOY_HASH);
  if (!app || !matched) return null;

  const current = secrets[0]!;
  return {
    appId: app.id,
    orgId: app.orgId,
    clientId: app.clientId,
    signing: { kid: current.kid, secret: cipher.decrypt(current.secretEnc!, signingKeySecretAad(current.id)) },
  };
}
