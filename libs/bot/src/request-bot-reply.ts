import { ErrorCode, Queues, Topics } from '@parley/contracts';
import type { EventBus, QueueRegistry } from '@parley/bus';
import type { BotReplyCompleted } from './reply-publisher';
import { replyListenersFor } from './reply-listeners';

export interface BotReplyDeps {
  queues: Pick<QueueRegistry, 'get'>;
  events: Pick<EventBus, 'publish' | 'subscribe'>;
  /** Errors thrown by `onDelta`/`onCompleted`, which are caught so they cannot break other listeners. */
  onHandlerError?: (err: unknown) => void;
}

export interface BotReplyRequest {
  orgId: string;
  conversationId: string;
  botId: string;
  /** The stored visitor message being answered; the reply id derives from it. */
  triggerMessageId: string;
  requestId: string;
  /**
   * Give up when neither a delta nor the completion arrives for this long (no worker running,
   * or it died): `done` settles with BOT_REPLY_TIMEOUT and the job is cancelled. Default 30 s,
   * above the providers' own first-byte timeout so theirs fires first.
   */
  inactivityTimeoutMs?: number;
  /**
   * The trigger message was stored by this very request, not found by a retry: no reply job can
   * exist for it yet, so the lookup of an earlier one (a Redis round trip on the way to the first
   * token) is skipped. Should one appear meanwhile, BullMQ's job id still makes the add a no-op.
   */
  fresh?: boolean;
}

export interface BotReplyHandlers {
  /** Each chunk of the answer, `index` 0, 1, 2… in order. */
  onDelta?(delta: string, index: number): void;
  /** Called once, with the same value `done` resolves to. */
  onCompleted?(completion: BotReplyCompleted): void;
}

export interface BotReplyHandle {
  replyId: string;
  /** Never rejects: every ending (ok, handoff, error, cancel, timeout) is a completion. */
  done: Promise<BotReplyCompleted>;
  /** The listener went away: stop generating, store nothing. Idempotent. */
  cancel(): Promise<void>;
}

export const DEFAULT_REPLY_INACTIVITY_MS = 30_000;

/** One visitor message gets at most one answer, however often it is retried. */
export const replyIdFor = (triggerMessageId: string) => `reply:${triggerMessageId}`;
/** BullMQ refuses `:` in custom job ids, so the job of reply `reply:<id>` is `reply-<id>`. */
export const botReplyJobId = (replyId: string) => replyId.replace(/:/g, '-');

/**
 * Asks the bot to answer a stored visitor message and follows the answer. It subscribes before
 * it enqueues, so no delta is missed, and the job id derives from the reply id: a second request
 * for the same message joins the first instead of generating again, and one made after the
 * answer was stored gets that stored answer.
 */
export async function requestBotReply(deps: BotReplyDeps, req: BotReplyRequest, handlers: BotReplyHandlers = {}): Promise<BotReplyHandle> {
  const replyId = replyIdFor(req.triggerMessageId);
  const jobId = botReplyJobId(replyId);
  const scope = { orgId: req.orgId, conversationId: req.conversationId, replyId };
  const queue = deps.queues.get(Queues.botReplies);
  const listeners = replyListenersFor(deps.events, deps.onHandlerError);
  await listeners.start();

  let settled = false;
  let resolveDone!: (c: BotReplyCompleted) => void;
  const done = new Promise<BotReplyCompleted>((resolve) => (resolveDone = resolve));
  const inactivityMs = req.inactivityTimeoutMs ?? DEFAULT_REPLY_INACTIVITY_MS;
  let timer: NodeJS.Timeout | undefined;

  const guard = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      deps.onHandlerError?.(err);
    }
  };
  const settle = (completion: BotReplyCompleted) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    remove();
    resolveDone(completion);
    guard(() => handlers.onCompleted?.(completion));
  };
  /** Stops the worker (if it runs) or drops the job (if it waits); stores nothing. */
  const abandon = async (code: string, message: string) => {
    if (settled) return;
    settle({ ...scope, status: 'error', error: { code, message } });
    await Promise.all([
      deps.events.publish(Topics.botReplyCancelled, scope, { requestId: req.requestId }),
      // Fails harmlessly for a job a worker holds: the cancellation event stops that one.
      queue.queue.remove(jobId).catch(() => 0),
    ]);
  };
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void abandon(ErrorCode.BOT_REPLY_TIMEOUT, 'The assistant did not answer in time').catch(() => undefined), inactivityMs);
    // A watchdog, not work: it must not keep a process alive that is otherwise done.
    timer.unref();
  };

  const remove = listeners.add(replyId, {
    orgId: req.orgId,
    delta: (e) => {
      if (settled) return;
      rearm();
      guard(() => handlers.onDelta?.(e.delta, e.index));
    },
    completed: settle,
  });
  rearm();

  try {
    const existing = req.fresh ? undefined : await queue.queue.getJob(jobId);
    const state = existing ? await existing.getState() : 'missing';
    const previous = existing?.returnvalue as BotReplyCompleted | undefined;
    if (state === 'completed' && previous?.message && previous.orgId === req.orgId) {
      settle(previous);
    } else if (state === 'failed') {
      await existing!.retry();
    } else if (state === 'missing' || state === 'completed' || state === 'unknown') {
      // Nothing stored yet (or an earlier request was cancelled): generate.
      if (existing) await existing.remove().catch(() => undefined);
      const { orgId, conversationId, botId, triggerMessageId } = req;
      await queue.add(
        'generate-reply',
        { orgId, conversationId, botId, triggerMessageId, replyId },
        { requestId: req.requestId, jobId, attempts: 3, backoff: { type: 'exponential', delay: 500 } },
      );
    }
    // Otherwise the job is waiting or running for an earlier request: follow it.
  } catch (err) {
    clearTimeout(timer);
    remove();
    settled = true;
    throw err;
  }

  return { replyId, done, cancel: () => abandon(ErrorCode.CANCELLED, 'The reply was cancelled') };
}
