/**
 * What one send to one device came to. The worker turns these into effects: `unregistered`
 * deactivates the device, `rejected` fails the job for good (dead letter), `retry` retries it.
 */
export type SendOutcome =
  | { kind: 'sent'; id?: string }
  | { kind: 'unregistered'; reason: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'retry'; reason: string; retryAfterMs?: number };

/** Thrown by the push job when some device should be tried again; carries the server's Retry-After. */
export class PushRetryError extends Error {
  override readonly name = 'PushRetryError';
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

/** `Retry-After` as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The longest wait any retrying device asked for. */
export function longestRetryAfter(outcomes: SendOutcome[]): number | undefined {
  let longest: number | undefined;
  for (const o of outcomes) if (o.kind === 'retry' && o.retryAfterMs !== undefined) longest = Math.max(longest ?? 0, o.retryAfterMs);
  return longest;
}

export const PUSH_BACKOFF_BASE_MS = 1000;
export const PUSH_BACKOFF_CAP_MS = 5 * 60_000;

/**
 * BullMQ backoff for push jobs: exponential from 1 s, capped at 5 min, with "equal jitter" (half
 * fixed, half random) so a burst of jobs failing together does not retry together; never sooner
 * than the Retry-After that FCM or APNs asked for.
 */
export function pushBackoffMs(attemptsMade: number, err: Error | undefined, random = Math.random): number {
  const exp = Math.min(PUSH_BACKOFF_CAP_MS, PUSH_BACKOFF_BASE_MS * 2 ** Math.max(0, attemptsMade - 1));
  const jittered = Math.round(exp / 2 + random() * (exp / 2));
  const asked = err instanceof PushRetryError ? (err.retryAfterMs ?? 0) : 0;
  return Math.max(jittered, asked);
}
