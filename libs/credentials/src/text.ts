import { AppError, ErrorCode } from '@parley/contracts';

/** Names are for humans in listings: trimmed, and never only whitespace. */
export function cleanName(value: string, field = 'name'): string {
  const name = value.trim();
  if (!name || name.length > 100) {
    throw new AppError(400, ErrorCode.VALIDATION_FAILED, `${field} must be 1-100 characters`, [{ path: field, message: 'must be 1-100 characters' }]);
  }
  return name;
}

export const iso = (date: Date): string => date.toISOString();
