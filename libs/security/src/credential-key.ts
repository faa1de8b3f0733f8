import { importJWK, importSPKI, type CryptoKey, type JWK } from 'jose';

export type IdentityAlgorithm = 'HS256' | 'RS256' | 'ES256';
export const IDENTITY_ALGORITHMS: readonly IdentityAlgorithm[] = ['HS256', 'RS256', 'ES256'];

/** One verification credential of a registered app, as stored (secrets already decrypted). */
export interface IdentityCredential {
  kid: string;
  /** Fixed when the credential is registered; a token must use exactly this algorithm. */
  algorithm: IdentityAlgorithm;
  /** HS256: the client secret (a string is taken as its UTF-8 bytes, as the signer does). */
  secret?: Uint8Array | string;
  /** RS256/ES256: the public key as SPKI PEM or as a JWK. */
  publicKeyPem?: string;
  publicKeyJwk?: JWK;
}

/** RFC 7518 3.2: an HMAC key must be at least as long as the hash output. */
const MIN_HMAC_SECRET_BYTES = 32;
const JWK_SHAPE: Record<Exclude<IdentityAlgorithm, 'HS256'>, { kty: string; crv?: string }> = {
  RS256: { kty: 'RSA' },
  ES256: { kty: 'EC', crv: 'P-256' },
};

/**
 * Builds the verification key from the *credential's* algorithm, never from the token header:
 * an RS256 credential only ever yields an RSA public CryptoKey, so a token that asks for HS256
 * cannot get the public key used as an HMAC secret (the classic algorithm-confusion attack).
 * Throws on a credential that cannot be used; callers turn that into a refusal.
 */
export async function importVerificationKey(cred: IdentityCredential): Promise<CryptoKey | Uint8Array> {
  if (cred.algorithm === 'HS256') {
    const secret = typeof cred.secret === 'string' ? new TextEncoder().encode(cred.secret) : cred.secret;
    if (!secret || secret.length < MIN_HMAC_SECRET_BYTES) throw new Error(`credential ${cred.kid}: HS256 secret missing or under 256 bits`);
    return secret;
  }
  const shape = JWK_SHAPE[cred.algorithm];
  if (!shape) throw new Error(`credential ${cred.kid}: unsupported algorithm`);
  if (cred.publicKeyJwk) {
    const jwk = cred.publicKeyJwk;
    // A JWK carrying `d` is a private key stored by mistake; `oct` would be a secret. Neither verifies here.
    if (jwk.kty !== shape.kty || (shape.crv && jwk.crv !== shape.crv) || jwk.d !== undefined) {
      throw new Error(`credential ${cred.kid}: JWK is not a ${cred.algorithm} public key`);
    }
    const key = await importJWK(jwk, cred.algorithm);
    if (key instanceof Uint8Array) throw new Error(`credential ${cred.kid}: JWK is not a ${cred.algorithm} public key`);
    return key;
  }
  if (cred.publicKeyPem) return importSPKI(cred.publicKeyPem, cred.algorithm);
  throw new Error(`credential ${cred.kid}: no public key`);
}
