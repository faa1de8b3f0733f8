import { Topics } from '@parley/contracts';
import type { EventBus } from '@parley/bus';
import { ReplyCancelledError } from './errors';

/**
 * The worker side of cancellation: one subscription to `bot.reply.cancelled` per process, which
 * aborts the matching running reply. A cancel that arrives before its job starts here (the job
 * was being picked up) is remembered for `rememberMs`, and that job starts already aborted.
 */
export class ReplyCancellations {
  private readonly running = new Map<string, AbortController>();
  /** replyId → when to forget it; insertion order is expiry order. */
  private readonly early = new Map<string, number>();
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly events: Pick<EventBus, 'subscribe'>,
    private readonly rememberMs = 60_000,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe ??= await this.events.subscribe(Topics.botReplyCancelled, (p) => this.cancel(p.replyId));
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** The signal of one running reply; `release` when the job ends, whatever the outcome. */
  track(replyId: string): { signal: AbortSignal; release(): void } {
    const controller = new AbortController();
    if (this.early.delete(replyId)) controller.abort(new ReplyCancelledError(replyId));
    this.running.set(replyId, controller);
    return {
      signal: controller.signal,
      release: () => {
        if (this.running.get(replyId) === controller) this.running.delete(replyId);
      },
    };
  }

  private cancel(replyId: string) {
    const controller = this.running.get(replyId);
    if (controller) return controller.abort(new ReplyCancelledError(replyId));
    const now = Date.now();
    for (const [id, expires] of this.early) {
      if (expires > now) break;
      this.early.delete(id);
    }
    this.early.set(replyId, now + this.rememberMs);
  }
}
