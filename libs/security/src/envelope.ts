import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { parseKeyring } from './keyring';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
/** 96-bit IVs are GCM's native size; random ones are safe for far more messages than we encrypt per key. */
const IV_BYTES = 12;
/** Pinned on decrypt: GCM would otherwise accept a truncated tag, which is much easier to forge. */
const TAG_BYTES = 16;

/** Decryption refused: the message says why, never what the plaintext or key was. */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
}

export interface CipherKeyring {
  /** The kid new envelopes are sealed with (the keyring's first entry). */
  readonly currentKid: string;
  /** `aad`, when given, must be given again to decrypt: e.g. the row id binds a secret to its row. */
  encrypt(plaintext: string, aad?: string): string;
  decrypt(envelope: string, aad?: string): string;
}

/**
 * Secrets the server must read back (HS256 client secrets, push credentials, webhook secrets) are
 * stored as `v1.<kid>.<iv>.<tag>.<ciphertext>` (base64url parts). The kid travels with the data,
 * so after a rotation old rows still decrypt with the old key until they are re-encrypted.
 */
export function createCipherKeyring(spec: string): CipherKeyring {
  const entries = parseKeyring(spec, { minBytes: 32, maxBytes: 32 });
  const keys = new Map(entries.map((e) => [e.kid, e.key]));
  const current = entries[0]!;

  return {
    currentKid: current.kid,
    encrypt(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, current.key, iv, { authTagLength: TAG_BYTES });
      if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
      return [VERSION, current.kid, ...parts].join('.');
    },
    decrypt(envelope, aad) {
      const parts = envelope.split('.');
      if (parts.length !== 5 || parts[0] !== VERSION) throw new EnvelopeError('malformed envelope: expected v1.<kid>.<iv>.<tag>.<ciphertext>');
      const [, kid, ivText, tagText, ciphertextText] = parts as [string, string, string, string, string];
      const key = keys.get(kid);
      if (!key) throw new EnvelopeError(`envelope sealed with unknown key id "${kid.slice(0, 32)}"`);
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new EnvelopeError('malformed envelope: bad iv or tag length');
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        // GCM cannot tell these apart, and saying which would help nobody but an attacker.
        throw new EnvelopeError('envelope failed authentication: tampered, wrong key or wrong associated data');
      }
    },
  };
}

/** Names a secret in logs and UIs ("which credential is this?") without revealing it. */
export function fingerprint(secret: string | Uint8Array): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}
