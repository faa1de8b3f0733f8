import type { RedisClient } from './redis';

interface PendingPublish {
  channel: string;
  message: string;
  resolve(): void;
  reject(err: Error): void;
}

/**
 * Sends every PUBLISH asked for in one turn of the event loop as one socket write instead of one
 * per event. A stored message announces two topics, and under load many messages publish in the
 * same turn; measured (docs/benchmarks.md, issue 5), socket writes to Redis were the largest
 * single cost of a message on the gateway. Order on the connection is kept, and each caller
 * still learns whether its own publish failed.
 *
 * The commands are written with the connection's socket corked, not as an ioredis pipeline. A
 * pipeline object outlives its replies' callers, and under load it was the largest carrier of
 * short-lived objects into the old generation: without pipelines each gateway promoted about 45%
 * fewer bytes per young-generation collection (docs/benchmarks.md, issue 5, fourth pass).
 */
export class PublishBatcher {
  private pending: PendingPublish[] = [];

  constructor(private readonly redis: RedisClient) {}

  publish(channel: string, message: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ channel, message, resolve, reject });
      if (this.pending.length === 1) process.nextTick(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    // Corked, the commands' writes leave as one writev when uncorked below. Before the
    // connection is ready ioredis queues commands itself, and there is no socket to cork.
    const stream = this.redis.status === 'ready' ? this.redis.stream : undefined;
    stream?.cork();
    try {
      for (const p of batch) this.redis.publish(p.channel, p.message).then(() => p.resolve(), p.reject);
    } finally {
      stream?.uncork();
    }
  }
}
