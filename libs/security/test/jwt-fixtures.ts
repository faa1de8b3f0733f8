import { createHmac } from 'node:crypto';
import { AppError } from '@parley/contracts';

/** Test-only: builds tokens a library would refuse to make (alg none, forged HMACs, edited payloads). */
export const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function unsignedToken(header: object, payload: object): string {
  return `${b64(header)}.${b64(payload)}.`;
}

/** HS256 by hand, with any bytes or string as the "secret" (e.g. a public key PEM). */
export function hmacToken(header: object, payload: object, secret: string | Buffer): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** Rewrites the payload and keeps the original signature. */
export function withEditedPayload(token: string, edit: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  edit(claims);
  return `${header}.${b64(claims)}.${signature}`;
}

export function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString()) as Record<string, unknown>;
}

/** The AppError a promise rejected with (fails the test if it resolved or threw something else). */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  if (!(outcome.error instanceof AppError)) throw outcome.error;
  return outcome.error;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
