/**
 * When a failed delivery is tried again: after 10 s, 1 min, 5 min, 15 min, 30 min, 1 h, 2 h,
 * 4 h, 8 h and 8 h, so the 11th and last attempt comes about 24 hours after the first. Each
 * delay is jittered by ±10% so deliveries that failed together (a receiver outage) spread out.
 */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [10, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 28_800].map((s) => s * 1000);
export const WEBHOOK_ATTEMPTS = WEBHOOK_RETRY_DELAYS_MS.length + 1;
export const WEBHOOK_BACKOFF_TYPE = 'webhook';
const JITTER = 0.1;

/**
 * An endpoint is disabled when a delivery has used up its attempts (a day of failures) and the
 * endpoint failed at least this many times in a row, i.e. with no success from it meanwhile.
 */
export const DISABLE_AFTER_CONSECUTIVE_FAILURES = WEBHOOK_ATTEMPTS;

/** Delay before the retry after failed attempt number `attempt` (1-based), from `schedule`. */
export function webhookRetryDelayMs(attempt: number, schedule: readonly number[] = WEBHOOK_RETRY_DELAYS_MS, random = Math.random): number {
  const base = schedule[Math.min(Math.max(attempt, 1), schedule.length) - 1] ?? 0;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** Thrown by a failed attempt that will be retried; BullMQ's backoff reads the delay from it. */
export class WebhookRetryError extends Error {
  override readonly name = 'WebhookRetryError';
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}
