import { createHash, generateKeyPairSync } from 'node:crypto';
import { validatePublicKey } from './public-keys';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (key: typeof ec.publicKey) => key.export({ type: 'spki', format: 'pem' }).toString();
const jwk = (key: typeof ec.publicKey) => key.export({ format: 'jwk' }) as Record<string, unknown>;

describe('validatePublicKey', () => {
  it('normalises PEM and JWK forms of one key to the same fingerprint (SHA-256 of the SPKI DER)', async () => {
    const fromPem = await validatePublicKey({ kid: 'a', algorithm: 'ES256', pem: pem(ec.publicKey) });
    const fromJwk = await validatePublicKey({ kid: 'a', algorithm: 'ES256', jwk: { ...jwk(ec.publicKey), use: 'sig', alg: 'ES256' } });
    const der = ec.publicKey.export({ type: 'spki', format: 'der' });
    expect(fromPem.fingerprint).toBe(createHash('sha256').update(der).digest('hex').slice(0, 16));
    expect(fromJwk.fingerprint).toBe(fromPem.fingerprint);
    // Only the public members are kept.
    expect(Object.keys(fromJwk.publicKeyJwk!).sort()).toEqual(['crv', 'kty', 'x', 'y']);
  });

  it('accepts a PKCS#1 RSA public key and stores it as SPKI', async () => {
    const pkcs1 = rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const key = await validatePublicKey({ kid: 'r', algorithm: 'RS256', pem: pkcs1 });
    expect(key.publicKeyPem).toBe(pem(rsa.publicKey));
  });

  it.each([
    ['an encrypted private key', { algorithm: 'RS256' as const, pem: rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }).toString() }, 'PRIVATE_KEY_SUBMITTED'],
    ['an RSA private JWK', { algorithm: 'RS256' as const, jwk: rsa.privateKey.export({ format: 'jwk' }) as Record<string, unknown> }, 'PRIVATE_KEY_SUBMITTED'],
    ['an RSA-PSS key for RS256', { algorithm: 'RS256' as const, pem: pem(generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey) }, 'INVALID_PUBLIC_KEY'],
    ['an Ed25519 key', { algorithm: 'ES256' as const, pem: pem(generateKeyPairSync('ed25519').publicKey) }, 'INVALID_PUBLIC_KEY'],
  ])('refuses %s', async (_label, input, code) => {
    await expect(validatePublicKey({ kid: 'k', ...input })).rejects.toMatchObject({ statusCode: 400, code });
  });
});
