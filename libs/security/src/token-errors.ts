import { errors } from 'jose';
import { AppError, ErrorCode } from '@parley/contracts';

/** Every token failure is a 401; `kind` names the token so a client knows which one to renew. */
export function tokenRejected(kind: string, code: ErrorCode, reason: string): AppError {
  return new AppError(401, code, `${kind} rejected: ${reason}`);
}

/**
 * Turns a jose failure into our error without passing jose's own message through: those can
 * quote claim values and internals, and clients need only a short, stable reason.
 */
export function fromJoseError(kind: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof errors.JWTExpired) return tokenRejected(kind, ErrorCode.TOKEN_EXPIRED, 'expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    return tokenRejected(kind, ErrorCode.TOKEN_INVALID, `"${err.claim}" ${err.reason === 'missing' ? 'is missing' : 'is not acceptable'}`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return tokenRejected(kind, ErrorCode.TOKEN_INVALID, 'algorithm not allowed');
  if (err instanceof errors.JWSSignatureVerificationFailed) return tokenRejected(kind, ErrorCode.TOKEN_INVALID, 'bad signature');
  return tokenRejected(kind, ErrorCode.TOKEN_INVALID, 'malformed token');
}
