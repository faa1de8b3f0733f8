import { asOrgId, registeredAppRepository, signingKeySecretAad, type ActiveApp, type Db, type OrgId } from '@parley/db';
import {
  createReplayGuard,
  verifyIdentityAssertion,
  type CipherKeyring,
  type IdentityApp,
  type IdentityCredential,
  type ReplayKeyNamespace,
  type ReplayRedis,
} from '@parley/security';

export interface IdentityVerifierDeps {
  db: Db;
  /** Remembers used `jti`s across every node, so an assertion logs in once. */
  redis: ReplayRedis;
  ns: ReplayKeyNamespace;
  /** ENCRYPTION_KEYS: HS256 client secrets are stored encrypted and needed back to verify. */
  cipher: CipherKeyring;
  /** IDENTITY_AUDIENCE: the `aud` every assertion must carry. */
  audience: string;
  /** Log a key that cannot be decrypted (e.g. ENCRYPTION_KEYS lost its kid); it is then left out. */
  onKeyError?: (info: { appId: string; kid: string }, err: unknown) => void;
}

export interface VerifiedEndUserIdentity {
  orgId: OrgId;
  appId: string;
  /** The integrator's user id (`sub`): the end user's external id in Parley. */
  externalId: string;
  name?: string;
  email?: string;
}

export interface IdentityVerifier {
  /** Throws AppError 401 TOKEN_INVALID, TOKEN_EXPIRED or TOKEN_REPLAYED; otherwise the identity. */
  verify(assertion: string): Promise<VerifiedEndUserIdentity>;
}

function toCredentials(app: ActiveApp, deps: IdentityVerifierDeps): IdentityCredential[] {
  const credentials: IdentityCredential[] = [];
  for (const key of app.keys) {
    if (key.algorithm === 'HS256') {
      if (!key.secretEnc) continue;
      try {
        // The row id is the associated data: a secret copied onto another row does not decrypt.
        credentials.push({ kid: key.kid, algorithm: 'HS256', secret: deps.cipher.decrypt(key.secretEnc, signingKeySecretAad(key.id)) });
      } catch (err) {
        deps.onKeyError?.({ appId: app.id, kid: key.kid }, err);
      }
      continue;
    }
    credentials.push({
      kid: key.kid,
      algorithm: key.algorithm,
      ...(key.publicKeyPem ? { publicKeyPem: key.publicKeyPem } : {}),
      ...(key.publicKeyJwk ? { publicKeyJwk: key.publicKeyJwk as NonNullable<IdentityCredential['publicKeyJwk']> } : {}),
    });
  }
  return credentials;
}

/**
 * Platform-side verification of the JWT flow: the assertion's `iss` names a registered app, its
 * `kid` one of the app's active keys. Everything is read from the database on each call, so a
 * revoked app or retired key is refused on every node at once, with no cache to expire.
 */
export function createIdentityVerifier(deps: IdentityVerifierDeps): IdentityVerifier {
  const apps = registeredAppRepository(deps.db);
  const replay = createReplayGuard(deps.redis, { key: (...parts) => deps.ns.key('identity', ...parts) });
  const resolveApp = async (clientId: string): Promise<IdentityApp | null> => {
    const app = await apps.findActiveByClientId(clientId);
    return app ? { appId: app.id, orgId: app.orgId, keys: toCredentials(app, deps) } : null;
  };

  return {
    async verify(assertion) {
      const identity = await verifyIdentityAssertion(assertion, { audience: deps.audience, resolveApp, replay });
      return {
        orgId: asOrgId(identity.orgId),
        appId: identity.appId,
        externalId: identity.externalId,
        ...(identity.name !== undefined ? { name: identity.name } : {}),
        ...(identity.email !== undefined ? { email: identity.email } : {}),
      };
    },
  };
}

/**
 * Records the end user an assertion vouched for, so the same person finds the same
 * conversation on any browser or device. Name and e-mail are updated when the assertion carries
 * them and kept otherwise. Call only with an identity `verify` returned.
 */
export async function markVerifiedEndUser(
  db: Db,
  orgId: OrgId,
  identity: { externalId: string; name?: string; email?: string },
): Promise<{ id: string; externalId: string }> {
  const details = {
    verified: true,
    lastSeenAt: new Date(),
    ...(identity.name !== undefined ? { displayName: identity.name } : {}),
    ...(identity.email !== undefined ? { email: identity.email } : {}),
  };
  return db.endUser.upsert({
    where: { organizationId_externalId: { organizationId: orgId, externalId: identity.externalId } },
    create: { organizationId: orgId, externalId: identity.externalId, ...details },
    update: details,
    select: { id: true, externalId: true },
  });
}
