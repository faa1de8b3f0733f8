import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 128 bits is the floor for a bearer secret that must survive online and offline guessing. */
const MIN_TOKEN_BYTES = 16;

/** The prefixes say what a leaked string is (and let secret scanners find it) without a lookup. */
export const TOKEN_PREFIX = {
  embedToken: 'ew_',
  apiKey: 'pk_live_',
  clientSecret: 'cs_',
  clientId: 'ci_',
} as const;

/** `prefix + base64url(bytes random bytes)`; 24 bytes (192 bits) unless asked otherwise. */
export function generateToken(prefix: string, bytes = 24): string {
  if (!Number.isInteger(bytes) || bytes < MIN_TOKEN_BYTES) {
    throw new RangeError(`a token needs at least ${MIN_TOKEN_BYTES} random bytes, got ${bytes}`);
  }
  return prefix + randomBytes(bytes).toString('base64url');
}

/**
 * Hex SHA-256 of a token, the only form stored. A slow hash (argon2) protects low-entropy
 * passwords from guessing; against 128+ random bits guessing is already hopeless, and a fast
 * hash keeps the lookup by hash cheap on every request.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface TokenPreview {
  /** Enough to recognise the kind and the token in a list, far too little to guess the rest. */
  prefix: string;
  lastFour: string;
}

export function tokenPreview(token: string): TokenPreview {
  return { prefix: token.slice(0, 10), lastFour: token.slice(-4) };
}

/**
 * Compares two secrets in time independent of where they differ. Both sides are hashed first so
 * the comparison also takes the same time whatever their lengths (timingSafeEqual alone throws on
 * a length mismatch, which would leak the length).
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const digest = (v: string | Uint8Array) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(a), digest(b));
}
