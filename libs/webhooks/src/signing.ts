import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_HEADERS } from '@parley/contracts';

/**
 * Signatures follow the Standard Webhooks scheme (standardwebhooks.com), so receivers can use its
 * libraries in any language or the dozen lines of `verifyWebhookSignature` below:
 *
 *   webhook-id:        the delivery id (the same on every retry: receivers dedupe on it)
 *   webhook-timestamp: seconds since the epoch, when this attempt was signed
 *   webhook-signature: `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, space-separated
 *                      when a secret is being rotated (one signature per live secret)
 *
 * The HMAC key is the secret's bytes after its `whsec_` prefix, base64-decoded.
 */
export const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
/** Receivers should refuse timestamps further than this from their clock (replays). */
export const DEFAULT_TOLERANCE_S = 5 * 60;

export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('a webhook secret starts with whsec_');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

export function signatureOf(secret: string, id: string, timestampS: number, body: string): string {
  return `v1,${createHmac('sha256', secretKey(secret)).update(`${id}.${timestampS}.${body}`).digest('base64')}`;
}

/** The three headers of one attempt, signed with every live secret (current first). */
export function signedHeaders(secrets: string[], id: string, timestampS: number, body: string): Record<string, string> {
  return {
    [WEBHOOK_HEADERS.id]: id,
    [WEBHOOK_HEADERS.timestamp]: String(timestampS),
    [WEBHOOK_HEADERS.signature]: secrets.map((s) => signatureOf(s, id, timestampS, body)).join(' '),
  };
}

export type VerifyResult = { ok: true; id: string; timestampS: number } | { ok: false; reason: 'missing-headers' | 'stale-timestamp' | 'bad-signature' };

/**
 * The receiver's side: what a Parley webhook receiver runs on the raw body (before any JSON
 * parsing, which would change the bytes). Any one of the listed signatures matching is enough.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  opts: { toleranceS?: number; nowS?: number } = {},
): VerifyResult {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = one(WEBHOOK_HEADERS.id);
  const ts = one(WEBHOOK_HEADERS.timestamp);
  const sigs = one(WEBHOOK_HEADERS.signature);
  if (!id || !ts || !sigs || !/^\d+$/.test(ts)) return { ok: false, reason: 'missing-headers' };
  const timestampS = Number(ts);
  const nowS = opts.nowS ?? Math.floor(Date.now() / 1000);
  if (Math.abs(nowS - timestampS) > (opts.toleranceS ?? DEFAULT_TOLERANCE_S)) return { ok: false, reason: 'stale-timestamp' };
  const expected = Buffer.from(signatureOf(secret, id, timestampS, rawBody));
  const match = sigs.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? { ok: true, id, timestampS } : { ok: false, reason: 'bad-signature' };
}
