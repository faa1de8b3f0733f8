import { Redis, type RedisOptions } from 'ioredis';

export type RedisClient = Redis;

export interface RedisConnectOptions {
  url: string;
  /** Shown in `CLIENT LIST`, which makes a leaking connection easy to trace to its owner. */
  connectionName: string;
  /**
   * BullMQ's blocking connections need `null` (retry forever); request/response clients fail a
   * command after a few retries so a Redis outage surfaces as an error instead of a hang.
   */
  blocking?: boolean;
}

export function redisOptions(opts: RedisConnectOptions): RedisOptions {
  return {
    connectionName: opts.connectionName,
    maxRetriesPerRequest: opts.blocking ? null : 3,
    enableReadyCheck: true,
    // Not auto-pipelining: with it, a Lua command defined on first use (defineCommand) while a
    // pipeline of the same tick is open breaks that pipeline and throws outside any handler,
    // killing the process (found by the realtime bench; ioredis 5/6).
    lazyConnect: false,
    // Back off to at most 2 s between reconnects; never give up while the process runs.
    retryStrategy: (times) => Math.min(times * 100, 2000),
  };
}

export function createRedis(opts: RedisConnectOptions): RedisClient {
  return new Redis(opts.url, redisOptions(opts));
}

export async function pingRedis(redis: RedisClient): Promise<void> {
  const answer = await redis.ping();
  if (answer !== 'PONG') throw new Error(`unexpected PING answer: ${answer}`);
}

/** Closes gracefully, or drops the socket if Redis is gone, so shutdown never waits on it. */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await Promise.race([redis.quit(), new Promise((_, reject) => setTimeout(() => reject(new Error('quit timed out')), 1000))]);
  } catch {
    redis.disconnect();
  }
}

/**
 * Every key, channel and queue lives under one namespace (`REDIS_PREFIX`), so two deployments,
 * or two test files, can share one Redis without seeing each other.
 */
export class RedisNamespace {
  constructor(readonly prefix: string) {}
  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }
  channel(topic: string): string {
    return this.key('evt', topic);
  }
  /** BullMQ's own key prefix; it appends `:<queue>:...` itself. */
  get queuePrefix(): string {
    return this.key('bull');
  }
}
