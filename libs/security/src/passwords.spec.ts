import { hash } from '@node-rs/argon2';
import {
  ARGON2ID_OPTIONS,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PasswordPolicyError,
  passwordNeedsRehash,
  validatePasswordPolicy,
  verifyPassword,
} from './passwords';

describe('passwords', () => {
  const password = 'correct horse battery';

  it('hashes with argon2id v19, 19 MiB, 2 passes, 1 lane, a fresh salt each time', async () => {
    const first = await hashPassword(password);
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hashPassword(password)).not.toBe(first);
  });

  it('verifies the right password and refuses a wrong one or a non-hash', async () => {
    const stored = await hashPassword(password);
    expect(await verifyPassword(stored, password)).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery!')).toBe(false);
    expect(await verifyPassword('not a hash', password)).toBe(false);
  });

  it('asks for a rehash when the stored parameters are not the policy', async () => {
    expect(passwordNeedsRehash(await hashPassword(password))).toBe(false);
    const weaker = await hash(password, { ...ARGON2ID_OPTIONS, memoryCost: 4096, timeCost: 1 });
    expect(passwordNeedsRehash(weaker)).toBe(true);
    const argon2i = await hash(password, { ...ARGON2ID_OPTIONS, algorithm: 1 as typeof ARGON2ID_OPTIONS.algorithm });
    expect(passwordNeedsRehash(argon2i)).toBe(true);
    expect(passwordNeedsRehash('$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234')).toBe(true);
  });

  it('holds passwords to 10-256 characters, counted as characters not bytes', async () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(validatePasswordPolicy('a'.repeat(9))).toMatch(/too short/);
    expect(validatePasswordPolicy('a'.repeat(10))).toBeUndefined();
    expect(validatePasswordPolicy('🔑'.repeat(10))).toBeUndefined();
    expect(validatePasswordPolicy('a'.repeat(MAX_PASSWORD_LENGTH))).toBeUndefined();
    expect(validatePasswordPolicy('a'.repeat(MAX_PASSWORD_LENGTH + 1))).toMatch(/too long/);
    await expect(hashPassword('short')).rejects.toBeInstanceOf(PasswordPolicyError);
  });
});
