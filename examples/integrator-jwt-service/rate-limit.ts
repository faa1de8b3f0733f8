/**
 * A token bucket per client address, in memory. Enough for one instance of this service; behind
 * several instances, use your proxy's or a shared (Redis) limiter instead.
 */
export interface RateLimitOptions {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Sustained requests per second once the burst is spent. */
  refillPerSecond: number;
  now?: () => number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Beyond this many tracked addresses, buckets that have refilled completely are dropped. */
const MAX_TRACKED = 10_000;

export function createRateLimiter(opts: RateLimitOptions): { take(key: string): RateDecision } {
  const now = opts.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (b: { tokens: number; at: number }, t: number) => {
    b.tokens = Math.min(opts.capacity, b.tokens + ((t - b.at) / 1000) * opts.refillPerSecond);
    b.at = t;
  };

  return {
    take(key) {
      const t = now();
      if (buckets.size >= MAX_TRACKED) {
        // A full bucket is the same as no bucket, so forgetting it changes nothing for its owner.
        for (const [k, b] of buckets) {
          refill(b, t);
          if (b.tokens >= opts.capacity) buckets.delete(k);
        }
      }
      const bucket = buckets.get(key) ?? { tokens: opts.capacity, at: t };
      refill(bucket, t);
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / opts.refillPerSecond) };
    },
  };
}
