import type { RedisClient } from './redis';

interface PendingPublish {
  channel: string;
  message: string;
  resolve(): void;
  reject(err: Error): void;
}

/**
 * Sends every PUBLISH asked for in one turn of the event loop as one pipeline: one socket write
 * instead of one per event. A stored message announces two topics, and under load many messages
 * publish in the same turn; measured (docs/benchmarks.md, issue 5), socket writes to Redis were
 * the largest single cost of a message on the gateway. Order on the connection is kept, and each
 * caller still learns whether its own publish failed.
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
    if (batch.length === 1) {
      const [only] = batch as [PendingPublish];
      this.redis.publish(only.channel, only.message).then(() => only.resolve(), only.reject);
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const p of batch) pipeline.publish(p.channel, p.message);
    pipeline.exec().then(
      (results) =>
        batch.forEach((p, i) => {
          const err = results?.[i]?.[0];
          if (err) p.reject(err);
          else p.resolve();
        }),
      (err: Error) => batch.forEach((p) => p.reject(err)),
    );
  }
}
