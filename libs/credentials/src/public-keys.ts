import { createPrivateKey, createPublicKey, KeyObject, type JsonWebKey } from 'node:crypto';
import { importJWK, importSPKI, type JWK } from 'jose';
import { AppError, ErrorCode, type PublicKeyInput } from '@parley/contracts';
import { fingerprint } from '@parley/security';

/** NIST SP 800-131A: RSA below 2048 bits is no longer acceptable for signatures. */
export const MIN_RSA_BITS = 2048;
/** Far above any real key; bounds the work an uploaded key can cause. */
export const MAX_RSA_BITS = 8192;
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;

export interface ValidatedPublicKey {
  kid: string;
  algorithm: 'RS256' | 'ES256';
  /** Exactly one of these, normalised: SPKI PEM, or a JWK with public members only. */
  publicKeyPem?: string;
  publicKeyJwk?: JWK;
  fingerprint: string;
}

const invalid = (path: string, message: string) => new AppError(400, ErrorCode.INVALID_PUBLIC_KEY, message, [{ path, message }]);
const privateKey = (path: string) =>
  new AppError(
    400,
    ErrorCode.PRIVATE_KEY_SUBMITTED,
    'This is a private key. Register only its public half, and treat this private key as leaked: make a new key pair',
    [{ path, message: 'private key submitted' }],
  );

/** RS256 needs a plain RSA key of 2048-8192 bits; ES256 exactly a P-256 EC key. */
function checkKeyType(key: KeyObject, algorithm: ValidatedPublicKey['algorithm'], path: string): void {
  const details = key.asymmetricKeyDetails ?? {};
  if (algorithm === 'RS256') {
    if (key.asymmetricKeyType !== 'rsa') throw invalid(path, `RS256 needs an RSA public key, got ${key.asymmetricKeyType ?? 'another type'}`);
    const bits = details.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) throw invalid(path, `RSA keys must have ${MIN_RSA_BITS}-${MAX_RSA_BITS} bits, this one has ${bits}`);
    return;
  }
  if (key.asymmetricKeyType !== 'ec' || details.namedCurve !== 'prime256v1') {
    throw invalid(path, `ES256 needs an EC public key on curve P-256, got ${key.asymmetricKeyType === 'ec' ? details.namedCurve : key.asymmetricKeyType}`);
  }
}

function parsePem(pem: string, path: string): KeyObject {
  // Any "PRIVATE KEY" block (PKCS#8, PKCS#1, SEC1, encrypted) is refused before anything else:
  // Node would happily derive the public key from it and the mistake would go unnoticed.
  if (/PRIVATE KEY/.test(pem)) throw privateKey(path);
  let isPrivate = false;
  try {
    createPrivateKey(pem);
    isPrivate = true;
  } catch {
    // Not a private key: what we want.
  }
  if (isPrivate) throw privateKey(path);
  try {
    return createPublicKey(pem);
  } catch {
    throw invalid(path, 'not a PEM public key: expected -----BEGIN PUBLIC KEY----- (SPKI)');
  }
}

function parseJwk(jwk: Record<string, unknown>, path: string): KeyObject {
  if (PRIVATE_JWK_MEMBERS.some((member) => member in jwk)) {
    if (jwk.kty === 'oct') throw invalid(path, 'a symmetric (oct) JWK is a shared secret: use the app client secret for HS256');
    throw privateKey(path);
  }
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    throw invalid(path, 'not a usable public JWK');
  }
}

/**
 * Checks a public key an integrator registers, so a bad one fails now with a clear 400 instead
 * of every later login failing with "bad signature". The stored form is normalised, and jose
 * must import it for the algorithm, which is exactly what the verifier will do.
 */
export async function validatePublicKey(input: PublicKeyInput, path = 'public_key'): Promise<ValidatedPublicKey> {
  const given = (input.pem !== undefined ? 1 : 0) + (input.jwk !== undefined ? 1 : 0);
  if (given !== 1) throw invalid(path, 'give exactly one of pem and jwk');
  const key = input.pem !== undefined ? parsePem(input.pem, `${path}/pem`) : parseJwk(input.jwk!, `${path}/jwk`);
  checkKeyType(key, input.algorithm, path);

  const result: ValidatedPublicKey = {
    kid: input.kid,
    algorithm: input.algorithm,
    fingerprint: publicKeyFingerprint(key),
  };
  try {
    if (input.pem !== undefined) {
      result.publicKeyPem = key.export({ type: 'spki', format: 'pem' }).toString();
      await importSPKI(result.publicKeyPem, input.algorithm);
    } else {
      result.publicKeyJwk = key.export({ format: 'jwk' }) as JWK;
      await importJWK(result.publicKeyJwk, input.algorithm);
    }
  } catch {
    throw invalid(path, `the key cannot be used for ${input.algorithm}`);
  }
  return result;
}

/** SHA-256 over the SPKI DER, so PEM and JWK forms of one key have the same fingerprint. */
export function publicKeyFingerprint(key: KeyObject | { pem?: string | null; jwk?: unknown }): string {
  const object =
    key instanceof KeyObject
      ? key
      : key.pem
        ? createPublicKey(key.pem)
        : createPublicKey({ key: key.jwk as JsonWebKey, format: 'jwk' });
  return fingerprint(object.export({ type: 'spki', format: 'der' }));
}
