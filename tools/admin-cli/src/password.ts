import { hashPassword, validatePasswordPolicy } from '@parley/security';
import { UsageError } from './errors';

/** The one password policy (libs/security), reported as a usage error with exit code 2. */
export function checkPasswordPolicy(password: string): void {
  const problem = validatePasswordPolicy(password);
  if (problem) throw new UsageError(problem);
}

export { hashPassword };
export { verifyPassword } from '@parley/security';
