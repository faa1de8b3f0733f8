import { decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';

/** Far above any token we issue or accept; refusing bigger ones before parsing bounds the work. */
export const MAX_TOKEN_LENGTH = 8192;

export interface UnverifiedJwt {
  header: ProtectedHeaderParameters;
  payload: JWTPayload;
}

/**
 * Reads a compact JWS without checking anything. Only for choosing *which* key and rules to
 * verify with; nothing read here may be trusted until the signature has been verified.
 * Undefined for anything that is not a three-part JWS with JSON header and payload.
 */
export function readUnverifiedJwt(token: unknown): UnverifiedJwt | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) return undefined;
  try {
    return { header: decodeProtectedHeader(token), payload: decodeJwt(token) };
  } catch {
    return undefined;
  }
}

/** RFC 7515 4.1.9: `typ` compares case-insensitively, with or without the `application/` prefix. */
export function sameTyp(actual: unknown, expected: string): boolean {
  if (typeof actual !== 'string') return false;
  const normalize = (t: string) => t.toLowerCase().replace(/^application\//, '');
  return normalize(actual) === normalize(expected);
}
