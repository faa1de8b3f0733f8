import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { AppError, ErrorCode } from '@parley/contracts';
import { fingerprint } from '@parley/security';

/** Every refusal of a push credential: 400 INVALID_PUSH_CREDENTIAL naming the field, never echoing a key. */
export const invalidCredential = (path: string, message: string) =>
  new AppError(400, ErrorCode.INVALID_PUSH_CREDENTIAL, `Invalid push credential: ${path} ${message}`, [{ path, message }]);

/**
 * Parses a PKCS#8 PEM private key (what Google's JSON and Apple's .p8 file hold). A body pasted
 * without its BEGIN/END lines is accepted too: people copy the base64 alone surprisingly often.
 */
export function readPrivateKey(pem: string, path: string): KeyObject {
  let text = pem.trim().replace(/\\n/g, '\n');
  if (!text.includes('-----BEGIN')) {
    const body = text.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+=*$/.test(body)) throw invalidCredential(path, 'is not a PEM private key');
    text = `-----BEGIN PRIVATE KEY-----\n${body.replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----`;
  }
  if (/-----BEGIN (CERTIFICATE|PUBLIC KEY)/.test(text)) throw invalidCredential(path, 'must be the private key, not a certificate or public key');
  try {
    return createPrivateKey({ key: text, format: 'pem' });
  } catch {
    throw invalidCredential(path, 'cannot be parsed as a PEM private key');
  }
}

/** Names a key by its public half: the same key pasted with other line breaks has the same fingerprint. */
export function keyFingerprint(key: KeyObject): string {
  return fingerprint(createPublicKey(key).export({ format: 'der', type: 'spki' }));
}

/** The key as PKCS#8 PEM, normalized, for storage. */
export const pkcs8Pem = (key: KeyObject): string => key.export({ format: 'pem', type: 'pkcs8' }).toString();
