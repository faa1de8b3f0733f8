import type { FastifyBaseLogger } from 'fastify';

export interface WriteBehindOptions {
  /** Write at least this often while events wait. */
  flushIntervalMs: number;
  /** Write at once when this many wait; also the rows per INSERT. */
  maxBatch: number;
  /**
   * Rows held while the database cannot take them. Beyond it the oldest are dropped (and
   * counted in the log): what is written behind may lose rows, the gateway may not run out of memory.
   */
  maxBuffered: number;
  /** What the rows are, for the log. */
  what: string;
}

export type BatchWriter<T> = (rows: T[]) => Promise<unknown>;

/**
 * For writes nobody waits for (telemetry events, `last_seen_at`): rows wait in memory and go to
 * Postgres in one statement per batch, every `flushIntervalMs` or as soon as `maxBatch` wait, so
 * each row costs a fraction of a round trip. `close()` writes whatever is left, so a clean
 * shutdown loses nothing; a crash loses at most one interval's worth, which is all a caller of
 * a write-behind buffer may rely on.
 */
export class WriteBehindBuffer<T> {
  private pending: T[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private dropped = 0;

  constructor(
    private readonly write: BatchWriter<T>,
    private readonly log: FastifyBaseLogger,
    private readonly opts: WriteBehindOptions,
  ) {
    this.timer = setInterval(() => void this.flush(), opts.flushIntervalMs);
    // Never the reason the process stays alive.
    this.timer.unref();
  }

  get size(): number {
    return this.pending.length;
  }

  add(rows: T[]): void {
    this.pending.push(...rows);
    const overflow = this.pending.length - this.opts.maxBuffered;
    if (overflow > 0) {
      this.pending.splice(0, overflow);
      this.dropped += overflow;
    }
    if (this.pending.length >= this.opts.maxBatch) void this.flush();
  }

  /** Writes everything waiting; one flush at a time, so rows are never written twice. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }

  private async drain(): Promise<void> {
    if (this.dropped) {
      this.log.warn({ dropped: this.dropped, what: this.opts.what }, 'write-behind buffer full: dropped the oldest rows');
      this.dropped = 0;
    }
    while (this.pending.length) {
      const batch = this.pending.splice(0, this.opts.maxBatch);
      try {
        await this.write(batch);
      } catch (err) {
        // Put them back in front and try again at the next tick; an INSERT is all or nothing.
        this.pending.unshift(...batch);
        this.log.error({ err, waiting: this.pending.length, what: this.opts.what }, 'could not write buffered rows; will retry');
        return;
      }
    }
  }
}
