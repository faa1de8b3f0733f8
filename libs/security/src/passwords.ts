import { hash, parseOptions, verify, type Algorithm, type Version } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 10;
/** Long enough for any passphrase or manager-generated password, short enough to bound hashing work. */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane), spelled out rather
 * than left to the library's defaults so an upgrade cannot silently change the stored hashes.
 * The enums are `const enum`s in the typings, which isolated modules cannot read: algorithm 2 is
 * Argon2id, version 1 is 0x13 (v=19).
 */
export const ARGON2ID_OPTIONS = {
  algorithm: 2 as Algorithm.Argon2id,
  version: 1 as Version.V0x13,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

/** Thrown by `hashPassword` for a password the policy refuses; the message is safe to show. */
export class PasswordPolicyError extends Error {
  override readonly name = 'PasswordPolicyError';
}

/**
 * ASVS 5.0 (6.2): at least a minimum length, a generous maximum, no composition rules. Length is
 * counted in code points, so a passphrase in any script counts what the user typed.
 */
export function validatePasswordPolicy(password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `the password is too short: use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `the password is too long: use at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}

/**
 * A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`) carrying its own salt and parameters.
 * Refuses a password the policy refuses, so no code path can store a weak one by accident.
 */
export async function hashPassword(password: string): Promise<string> {
  const problem = validatePasswordPolicy(password);
  if (problem) throw new PasswordPolicyError(problem);
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

/**
 * True when a stored hash was made with other parameters than today's policy (or is not an
 * argon2id hash): after a successful login the caller re-hashes the password it just verified,
 * so raising the cost upgrades users as they sign in.
 */
export function passwordNeedsRehash(passwordHash: string): boolean {
  try {
    const used = parseOptions(passwordHash);
    return (
      used.algorithm !== ARGON2ID_OPTIONS.algorithm ||
      used.version !== ARGON2ID_OPTIONS.version ||
      used.memoryCost !== ARGON2ID_OPTIONS.memoryCost ||
      used.timeCost !== ARGON2ID_OPTIONS.timeCost ||
      used.parallelism !== ARGON2ID_OPTIONS.parallelism ||
      used.outputLen !== ARGON2ID_OPTIONS.outputLen ||
      used.saltLen < 16
    );
  } catch {
    return true;
  }
}
