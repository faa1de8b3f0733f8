/**
 * Keyrings come from configuration as `kid:base64url[,kid:base64url...]` (WIDGET_JWT_SECRETS,
 * ENCRYPTION_KEYS). The first entry is the one that signs or encrypts; every entry verifies or
 * decrypts, so rotating is "prepend the new key, drop the old one once nothing needs it".
 */
export interface KeyringEntry {
  kid: string;
  key: Buffer;
}

export interface KeyringOptions {
  /** Refuse keys shorter than this (32 bytes = 256 bits). */
  minBytes: number;
  /** Refuse keys longer than this; AES-256 needs exactly 32 bytes. */
  maxBytes?: number;
}

const KID = /^[A-Za-z0-9_-]{1,32}$/;
// Node's decoder silently skips characters outside the alphabet; checking first means a typo
// cannot quietly shorten a key.
const BASE64 = /^[A-Za-z0-9_+/-]+={0,2}$/;

/** Errors name the variable's entry (its kid) but never echo key material. */
export function parseKeyring(spec: string, opts: KeyringOptions): KeyringEntry[] {
  const entries = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (!entries.length) throw new Error('keyring is empty: expected kid:base64url[,kid:base64url...]');
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const kid = colon > 0 ? entry.slice(0, colon) : '';
    const encoded = colon > 0 ? entry.slice(colon + 1) : '';
    if (!KID.test(kid)) throw new Error(`keyring entry ${index + 1}: expected kid:base64url with a kid of 1-32 letters, digits, _ or -`);
    if (!BASE64.test(encoded)) throw new Error(`keyring entry "${kid}": the key is not base64url`);
    if (seen.has(kid)) throw new Error(`keyring entry "${kid}": kid appears more than once`);
    seen.add(kid);
    const key = Buffer.from(encoded, 'base64url');
    if (key.length < opts.minBytes) {
      throw new Error(`keyring entry "${kid}": key is ${key.length * 8} bits, need at least ${opts.minBytes * 8}`);
    }
    if (opts.maxBytes !== undefined && key.length > opts.maxBytes) {
      throw new Error(`keyring entry "${kid}": key is ${key.length * 8} bits, need at most ${opts.maxBytes * 8}`);
    }
    return { kid, key };
  });
}
