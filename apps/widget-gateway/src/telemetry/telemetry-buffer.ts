import type { FastifyBaseLogger } from 'fastify';
import type { NewTelemetryEvent } from '@parley/db';

export interface TelemetryBufferOptions {
  /** Write at least this often while events wait. */
  flushIntervalMs: number;
  /** Write at once when this many wait; also the rows per INSERT. */
  maxBatch: number;
  /**
   * Events held while the database cannot take them. Beyond it the oldest are dropped (and
   * counted in the log): analytics may lose events, the gateway may not run out of memory.
   */
  maxBuffered: number;
}

export const DEFAULT_TELEMETRY_BUFFER: TelemetryBufferOptions = { flushIntervalMs: 1000, maxBatch: 500, maxBuffered: 50_000 };

export type TelemetryWriter = (rows: NewTelemetryEvent[]) => Promise<unknown>;

/**
 * Telemetry is cheap per event because it is not written per event: events wait in memory and
 * go to Postgres in multi-row INSERTs, every `flushIntervalMs` or as soon as `maxBatch` wait.
 * `close()` writes whatever is left, so a clean shutdown loses nothing; a crash loses at most
 * one interval's worth, which analytics can afford and the 202 answer promises no more than.
 */
export class TelemetryBuffer {
  private pending: NewTelemetryEvent[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private dropped = 0;

  constructor(
    private readonly write: TelemetryWriter,
    private readonly log: FastifyBaseLogger,
    private readonly opts: TelemetryBufferOptions = DEFAULT_TELEMETRY_BUFFER,
  ) {
    this.timer = setInterval(() => void this.flush(), opts.flushIntervalMs);
    // Never the reason the process stays alive.
    this.timer.unref();
  }

  get size(): number {
    return this.pending.length;
  }

  add(rows: NewTelemetryEvent[]): void {
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
      this.log.warn({ dropped: this.dropped }, 'telemetry buffer full: dropped the oldest events');
      this.dropped = 0;
    }
    while (this.pending.length) {
      const batch = this.pending.splice(0, this.opts.maxBatch);
      try {
        await this.write(batch);
      } catch (err) {
        // Put them back in front and try again at the next tick; an INSERT is all or nothing.
        this.pending.unshift(...batch);
        this.log.error({ err, waiting: this.pending.length }, 'could not write telemetry events; will retry');
        return;
      }
    }
  }
}
