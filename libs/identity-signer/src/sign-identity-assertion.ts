import { createPrivateKey, randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type CryptoKey, type JWK, type KeyObject } from 'jose';

/** The `typ` header Parley's verifier demands (explicit typing, RFC 8725 3.11). */
export const IDENTITY_ASSERTION_TYP = 'parley-identity+jwt';
/** Parley's default IDENTITY_AUDIENCE; a deployment that changes it must pass `audience`. */
export const DEFAULT_AUDIENCE = 'parley-widget-api';
/** Short by default: the widget asks for a fresh assertion whenever it needs one. */
export const DEFAULT_TTL_SECONDS = 300;
/** Parley refuses assertions that live longer than this. */
export const MAX_TTL_SECONDS = 3600;

/** A client secret is used as its UTF-8 bytes; Parley's `cs_...` secrets are 192 bits. */
export interface HmacCredentials {
  clientId: string;
  /** Needed once the app has more than one active credential. */
  kid?: string;
  algorithm: 'HS256';
  clientSecret: string | Uint8Array;
}

export interface KeyPairCredentials {
  clientId: string;
  /** The kid under which the public key was registered with Parley. */
  kid: string;
  algorithm: 'RS256' | 'ES256';
  /** PEM (PKCS#8, PKCS#1 or SEC1), a Node KeyObject, a CryptoKey, or a private JWK. */
  privateKey: string | KeyObject | CryptoKey | JWK;
}

export type SignerCredentials = HmacCredentials | KeyPairCredentials;

export interface AssertedUser {
  /** Your stable id for the user (becomes `sub`); Parley restores the user's history by it. */
  userId: string;
  name?: string;
  email?: string;
}

export interface SignIdentityOptions {
  audience?: string;
  ttlSeconds?: number;
}

export interface SignedIdentityAssertion {
  jwt: string;
  expiresIn: number;
}

const MIN_HMAC_SECRET_BYTES = 32;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

/**
 * Signs the assertion your backend hands to the Parley widget. Call it only for a user your own
 * session has authenticated: whoever gets this JWT is that user in Parley until it expires.
 */
export async function signIdentityAssertion(
  credentials: SignerCredentials,
  user: AssertedUser,
  opts: SignIdentityOptions = {},
): Promise<SignedIdentityAssertion> {
  const ttl = opts.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    throw new RangeError(`ttlSeconds must be an integer from 1 to ${MAX_TTL_SECONDS}`);
  }
  checkUser(user);
  if (!credentials.clientId) throw new TypeError('credentials.clientId is required');

  const now = Math.floor(Date.now() / 1000);
  const jwt = await new SignJWT({
    ...(user.name !== undefined ? { name: user.name } : {}),
    ...(user.email !== undefined ? { email: user.email } : {}),
  })
    .setProtectedHeader({
      alg: credentials.algorithm,
      typ: IDENTITY_ASSERTION_TYP,
      ...(credentials.kid !== undefined ? { kid: credentials.kid } : {}),
    })
    .setIssuer(credentials.clientId)
    .setSubject(user.userId)
    .setAudience(opts.audience ?? DEFAULT_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    // Parley accepts each jti once, so a leaked assertion cannot be replayed.
    .setJti(randomUUID())
    .sign(await signingKey(credentials));
  return { jwt, expiresIn: ttl };
}

async function signingKey(credentials: SignerCredentials): Promise<KeyObject | CryptoKey | Uint8Array> {
  if (credentials.algorithm === 'HS256') {
    const secret = credentials.clientSecret;
    const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    if (!bytes || bytes.length < MIN_HMAC_SECRET_BYTES) throw new TypeError('clientSecret must be at least 32 bytes');
    return bytes;
  }
  if (!credentials.kid) throw new TypeError(`credentials.kid is required for ${credentials.algorithm}`);
  const key = credentials.privateKey;
  // Node reads every common PEM flavour; jose's importPKCS8 would accept PKCS#8 only.
  if (typeof key === 'string') return createPrivateKey(key);
  if (isJwk(key)) {
    if (key.d === undefined) throw new TypeError('privateKey JWK has no private part ("d")');
    const imported = await importJWK(key, credentials.algorithm);
    if (imported instanceof Uint8Array) throw new TypeError(`privateKey JWK is not a ${credentials.algorithm} key`);
    return imported;
  }
  return key;
}

function isJwk(key: KeyObject | CryptoKey | JWK): key is JWK {
  const tag = (key as { [Symbol.toStringTag]?: string })[Symbol.toStringTag];
  return tag !== 'KeyObject' && tag !== 'CryptoKey' && typeof (key as JWK).kty === 'string';
}

/** The same limits Parley enforces, checked here so a mistake shows up where it is made. */
function checkUser(user: AssertedUser): void {
  const text = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 255;
  if (!text(user.userId)) throw new TypeError('user.userId must be a string of 1-255 characters');
  if (user.name !== undefined && !text(user.name)) throw new TypeError('user.name must be a string of 1-255 characters');
  if (user.email !== undefined && !(user.email.length <= 254 && EMAIL.test(user.email))) {
    throw new TypeError('user.email is not an e-mail address');
  }
}
