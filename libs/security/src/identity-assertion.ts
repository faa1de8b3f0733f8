import { jwtVerify, type JWTPayload } from 'jose';
import { ErrorCode } from '@parley/contracts';
import { IDENTITY_ALGORITHMS, importVerificationKey, type IdentityAlgorithm, type IdentityCredential } from './credential-key';
import type { ReplayGuard } from './replay-guard';
import { fromJoseError, tokenRejected } from './token-errors';
import { readUnverifiedJwt, sameTyp } from './unverified-jwt';

/**
 * Explicit typing (RFC 8725 3.11). Plain `JWT` is refused on purpose: any other JWT signed with
 * the same key (an ID token, an access token the integrator also mints) would otherwise pass for
 * a Parley login. `@parley/identity-signer` sets this value; other languages set the header.
 */
export const IDENTITY_ASSERTION_TYP = 'parley-identity+jwt';
export const IDENTITY_ASSERTION_MAX_LIFETIME_S = 3600;
/** Integrators' clocks are not ours: a minute of skew either way, never more. */
export const IDENTITY_ASSERTION_CLOCK_TOLERANCE_S = 60;
const KIND = 'Identity assertion';
const MAX_TEXT = 255;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

export interface IdentityApp {
  appId: string;
  orgId: string;
  /** Active (not revoked) credentials only. */
  keys: IdentityCredential[];
}

export interface IdentityAssertionDeps {
  /** IDENTITY_AUDIENCE. */
  audience: string;
  /** The app whose client id is the token's `iss`, or null when there is none (or it is revoked). */
  resolveApp(clientId: string): Promise<IdentityApp | null>;
  replay: ReplayGuard;
  /** At most (and by default) 3600. */
  maxLifetimeSeconds?: number;
  /** At most (and by default) 60. */
  clockToleranceSeconds?: number;
  now?: () => Date;
}

export interface VerifiedIdentity {
  appId: string;
  orgId: string;
  /** The integrator's user id (`sub`). */
  externalId: string;
  name?: string;
  email?: string;
  jti: string;
  expiresAt: Date;
}

/**
 * Verifies an integrator's identity assertion (the reference's JWT flow) and uses up its `jti`.
 * Throws AppError 401 with TOKEN_INVALID, TOKEN_EXPIRED or TOKEN_REPLAYED.
 */
export async function verifyIdentityAssertion(token: string, deps: IdentityAssertionDeps): Promise<VerifiedIdentity> {
  const maxLifetime = bounded('maxLifetimeSeconds', deps.maxLifetimeSeconds, IDENTITY_ASSERTION_MAX_LIFETIME_S);
  const tolerance = bounded('clockToleranceSeconds', deps.clockToleranceSeconds, IDENTITY_ASSERTION_CLOCK_TOLERANCE_S);
  const now = (deps.now ?? (() => new Date()))();
  const refuse = (reason: string) => tokenRejected(KIND, ErrorCode.TOKEN_INVALID, reason);

  // Nothing read before jwtVerify is trusted: it only chooses the app, the key and the rules.
  const parsed = readUnverifiedJwt(token);
  if (!parsed) throw refuse('malformed token');
  const { header, payload: unverified } = parsed;
  if (!IDENTITY_ALGORITHMS.includes(header.alg as IdentityAlgorithm)) throw refuse('algorithm not allowed');
  if (!sameTyp(header.typ, IDENTITY_ASSERTION_TYP)) throw refuse(`"typ" must be ${IDENTITY_ASSERTION_TYP}`);
  const issuer = unverified.iss;
  if (typeof issuer !== 'string' || !issuer || issuer.length > MAX_TEXT) throw refuse('"iss" is missing');

  const app = await deps.resolveApp(issuer);
  if (!app) throw refuse('unknown issuer');
  const cred = selectCredential(app.keys, header.kid);
  if (!cred) throw refuse('unknown key id');
  // The credential decides the algorithm; the header only has to agree with it.
  if (header.alg !== cred.algorithm) throw refuse('algorithm does not match the key');
  const key = await importVerificationKey(cred).catch(() => {
    throw refuse('the key registered for this kid is unusable');
  });

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [cred.algorithm],
      typ: IDENTITY_ASSERTION_TYP,
      issuer,
      audience: deps.audience,
      clockTolerance: tolerance,
      currentDate: now,
      requiredClaims: ['sub', 'iat', 'exp', 'jti'],
    }));
  } catch (err) {
    throw fromJoseError(KIND, err);
  }

  // jose has checked exp and nbf; the rest of the time rules are ours.
  const nowS = Math.floor(now.getTime() / 1000);
  const iat = payload.iat!;
  const exp = payload.exp!;
  if (iat > nowS + tolerance) throw refuse('"iat" is in the future');
  // Bounding exp - iat (not just exp - now) keeps a long-lived token from being accepted late in its life.
  if (exp - iat > maxLifetime) throw refuse(`lifetime exceeds ${maxLifetime} s`);

  const identity = readIdentity(payload, refuse);
  // Only a token that passed every other check may use up its jti. The key lives as long as the
  // token can still be accepted, i.e. until exp plus the tolerance.
  const fresh = await deps.replay.claim(identity.jti, issuer, new Date((exp + tolerance) * 1000));
  if (!fresh) throw tokenRejected(KIND, ErrorCode.TOKEN_REPLAYED, 'already used');
  return { appId: app.appId, orgId: app.orgId, ...identity, expiresAt: new Date(exp * 1000) };
}

/** By kid; without a kid only an app with a single active credential is unambiguous. */
function selectCredential(keys: IdentityCredential[], kid: unknown): IdentityCredential | undefined {
  if (kid === undefined) return keys.length === 1 ? keys[0] : undefined;
  return typeof kid === 'string' ? keys.find((k) => k.kid === kid) : undefined;
}

function readIdentity(p: JWTPayload, refuse: (reason: string) => Error): Omit<VerifiedIdentity, 'appId' | 'orgId' | 'expiresAt'> {
  const text = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT;
  if (!text(p.sub)) throw refuse('"sub" must be a string of 1-255 characters');
  if (!text(p.jti)) throw refuse('"jti" must be a string of 1-255 characters');
  // null is read as "not given": some JWT libraries serialise absent optionals that way.
  if (p.name != null && !text(p.name)) throw refuse('"name" must be a string of 1-255 characters');
  if (p.email != null && !(typeof p.email === 'string' && p.email.length <= 254 && EMAIL.test(p.email))) {
    throw refuse('"email" is not an e-mail address');
  }
  return {
    externalId: p.sub as string,
    jti: p.jti as string,
    ...(p.name != null ? { name: p.name as string } : {}),
    ...(p.email != null ? { email: p.email as string } : {}),
  };
}

function bounded(name: string, value: number | undefined, max: number): number {
  if (value === undefined) return max;
  if (!Number.isFinite(value) || value < 0 || value > max) throw new RangeError(`${name} must be between 0 and ${max}`);
  return value;
}
