import { AppError, ErrorCode } from '@parley/contracts';

interface PrismaLikeError {
  code?: unknown;
  name?: unknown;
  meta?: Record<string, unknown>;
}

function isPrismaKnownError(err: unknown): err is PrismaLikeError & { code: string } {
  const e = err as PrismaLikeError | null;
  return !!e && typeof e.code === 'string' && /^P\d{4}$/.test(e.code) && e.name === 'PrismaClientKnownRequestError';
}

/** The unique constraint's fields, as far as Prisma tells them (varies between adapters). */
export function uniqueTarget(err: unknown): string[] {
  const meta = (err as PrismaLikeError).meta ?? {};
  const target = meta.target ?? (meta.driverAdapterError as { cause?: { constraint?: { fields?: string[] } } })?.cause?.constraint?.fields;
  if (Array.isArray(target)) return target.map(String);
  return typeof target === 'string' ? [target] : [];
}

export const isUniqueViolation = (err: unknown): boolean => isPrismaKnownError(err) && err.code === 'P2002';

/** Seconds a client is told to wait when the database is saturated or unreachable. */
export const DATABASE_RETRY_AFTER_S = 1;

/**
 * The database could not take the query: the pool stayed empty past its wait (pg-pool's own
 * error, or Prisma's P2024/P2028 around it), or the server is unreachable (P1001, P1017,
 * connection refused). That is overload or an outage, not a bug: the client should retry, and
 * with its `client_message_id` a retry is safe.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  if (isPrismaKnownError(err) && ['P1001', 'P1017', 'P2024', 'P2028'].includes(err.code)) return true;
  if (e.code === 'ECONNREFUSED' || e.code === '57P03' /* cannot_connect_now */ || e.code === '53300' /* too_many_connections */) return true;
  return typeof e.message === 'string' && e.message.includes('timeout exceeded when trying to connect');
}

/**
 * Prisma's errors in our taxonomy. Anything not listed stays a 500 (logged, never echoed),
 * because it means a bug rather than bad input.
 */
export function mapPrismaError(err: unknown): AppError | undefined {
  if (isDatabaseUnavailable(err)) {
    return new AppError(503, ErrorCode.DEPENDENCY_UNAVAILABLE, 'The database is busy or unavailable: retry shortly', undefined, {
      'retry-after': String(DATABASE_RETRY_AFTER_S),
    });
  }
  if (!isPrismaKnownError(err)) return undefined;
  switch (err.code) {
    case 'P2002':
      return new AppError(409, ErrorCode.ALREADY_EXISTS, 'A record with the same unique value already exists');
    case 'P2025':
    case 'P2001':
      return new AppError(404, ErrorCode.NOT_FOUND, 'Resource not found');
    case 'P2003':
      return new AppError(409, ErrorCode.CONFLICT, 'A referenced record does not exist or is still in use');
    case 'P2000':
      return new AppError(400, ErrorCode.VALIDATION_FAILED, 'A value is too long for its field');
    case 'P2023':
    case 'P2007':
      return new AppError(400, ErrorCode.VALIDATION_FAILED, 'A value has the wrong format');
    default:
      return undefined;
  }
}
