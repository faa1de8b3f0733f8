import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { UsageError } from './errors';

export const MIN_PASSWORD_LENGTH = 10;

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane), spelled out rather
 * than left to the library's defaults so an upgrade cannot silently change the stored hashes.
 * The enum is a `const enum` in the typings, which isolated modules cannot read; 2 is Argon2id.
 */
export const ARGON2ID_OPTIONS = {
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`the password is too short: use at least ${MIN_PASSWORD_LENGTH} characters`);
  }
}

/** A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`), which carries its own salt and parameters. */
export async function hashPassword(password: string): Promise<string> {
  checkPasswordPolicy(password);
  return hash(password, ARGON2ID_OPTIONS);
}

/** False for a wrong password and for a stored value that is not an argon2 hash at all. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
