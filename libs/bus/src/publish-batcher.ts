import type { RedisClient } from './redis';

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
  /** True from a turn's first publish until the socket is uncorked at the end of that turn. */
  private corked = false;

  constructor(private readonly redis: RedisClient) {}

  publish(channel: string, message: string): Promise<void> {
    if (!this.corked) {
      // The commands' writes wait in the corked socket and leave as one writev at uncork. Before
      // the connection is ready ioredis queues commands itself, and there is no socket to cork.
      const stream = this.redis.status === 'ready' ? this.redis.stream : undefined;
      stream?.cork();
      this.corked = true;
      process.nextTick(() => {
        this.corked = false;
        stream?.uncork();
      });
    }
    return this.redis.publish(channel, message).then(() => undefined);
  }
}
