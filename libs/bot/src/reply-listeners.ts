import { Topics, type TopicPayload } from '@parley/contracts';
import type { EventBus } from '@parley/bus';
import type { BotReplyCompleted } from './reply-publisher';

type Delta = TopicPayload<typeof Topics.botReplyDelta>;

export interface ReplyListener {
  orgId: string;
  delta(event: Delta): void;
  completed(event: BotReplyCompleted): void;
}

/**
 * The requesting side of bot replies: one subscription per process to the delta and completion
 * topics (not one Redis SUBSCRIBE per request), dispatching each event to the listeners of its
 * replyId. A listener only sees events of its own organization.
 */
export class ReplyListeners {
  private readonly byReply = new Map<string, Set<ReplyListener>>();
  private ready: Promise<void> | undefined;

  constructor(
    private readonly events: Pick<EventBus, 'subscribe'>,
    private readonly onListenerError: (err: unknown) => void = () => undefined,
  ) {}

  /** Subscribes on first use; later calls share that subscription. */
  start(): Promise<void> {
    this.ready ??= Promise.all([
      this.events.subscribe(Topics.botReplyDelta, (e) => this.dispatch(e.replyId, e.orgId, (l) => l.delta(e))),
      this.events.subscribe(Topics.botReplyCompleted, (e) => this.dispatch(e.replyId, e.orgId, (l) => l.completed(e))),
    ]).then(
      () => undefined,
      (err: unknown) => {
        this.ready = undefined;
        throw err;
      },
    );
    return this.ready;
  }

  /** Returns the function that removes the listener. */
  add(replyId: string, listener: ReplyListener): () => void {
    let set = this.byReply.get(replyId);
    if (!set) this.byReply.set(replyId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size && this.byReply.get(replyId) === set) this.byReply.delete(replyId);
    };
  }

  get size(): number {
    return this.byReply.size;
  }

  private dispatch(replyId: string, orgId: string, call: (l: ReplyListener) => void) {
    const set = this.byReply.get(replyId);
    if (!set) return;
    for (const listener of [...set]) {
      if (listener.orgId !== orgId) continue;
      // One listener's failure must not keep the event from the others.
      try {
        call(listener);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}

const perBus = new WeakMap<object, ReplyListeners>();

/** The process's listeners for one event bus (an app has one bus); `onError` is taken on first use. */
export function replyListenersFor(events: Pick<EventBus, 'subscribe'>, onError?: (err: unknown) => void): ReplyListeners {
  let listeners = perBus.get(events);
  if (!listeners) perBus.set(events, (listeners = new ReplyListeners(events, onError)));
  return listeners;
}
