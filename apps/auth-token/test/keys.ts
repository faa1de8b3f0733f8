import { generateKeyPairSync, type KeyObject } from 'node:crypto';

/** Key pairs as an integrator would make them (openssl genpkey / a KMS export). */
export function rsaPair(bits = 2048) {
  return toPair(generateKeyPairSync('rsa', { modulusLength: bits }));
}

export function ecPair(namedCurve = 'P-256') {
  return toPair(generateKeyPairSync('ec', { namedCurve }));
}

function toPair({ publicKey, privateKey }: { publicKey: KeyObject; privateKey: KeyObject }) {
  return {
    publicKey,
    privateKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicJwk: publicKey.export({ format: 'jwk' }) as Record<string, unknown>,
    privateJwk: privateKey.export({ format: 'jwk' }) as Record<string, unknown>,
  };
}
