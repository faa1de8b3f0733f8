import { randomBytes } from 'node:crypto';
import { signingKeySecretAad } from '@parley/db';
import { createCipherKeyring, hashToken } from '@parley/security';
import { mintClientSecret } from './client-secrets';

const cipher = createCipherKeyring(`t1:${randomBytes(32).toString('base64url')}`);

describe('mintClientSecret', () => {
  it('gives a cs_ secret of 192 bits, sealed to its own row id and hashed for HTTP Basic', () => {
    const minted = mintClientSecret(cipher);
    expect(minted.secret).toMatch(/^cs_[A-Za-z0-9_-]{32}$/);
    expect(minted.row).toMatchObject({ id: expect.any(String), kid: minted.kid, algorithm: 'HS256', secretHash: hashToken(minted.secret) });
    expect(minted.row.secretEnc).not.toContain(minted.secret);
    expect(cipher.decrypt(minted.row.secretEnc!, signingKeySecretAad(minted.row.id))).toBe(minted.secret);
    // Copied onto another row, the ciphertext no longer decrypts.
    expect(() => cipher.decrypt(minted.row.secretEnc!, signingKeySecretAad(mintClientSecret(cipher).row.id))).toThrow();
  });

  it('never repeats a kid or a secret', () => {
    const many = Array.from({ length: 50 }, () => mintClientSecret(cipher));
    expect(new Set(many.map((m) => m.kid)).size).toBe(50);
    expect(new Set(many.map((m) => m.secret)).size).toBe(50);
  });
});
