import { ErrorCode, Queues, Topics } from '@parley/contracts';
import { createWorker, type EventBus, type RedisClient, type RedisNamespace } from '@parley/bus';
import { createReplyHandler, type ReplyHandlerDeps } from './reply-handler';

export interface BotReplyWorkerOptions extends ReplyHandlerDeps {
  events: EventBus;
  /** A connection made with `blocking: true` (maxRetriesPerRequest: null). */
  connection: RedisClient;
  ns: RedisNamespace;
  /** Replies generated at once by this process; each mostly waits on its provider. */
  concurrency: number;
}

export interface BotReplyWorker {
  /** The BullMQ worker, for `workersPlugin`. */
  worker: ReturnType<typeof createWorker>;
  /** Waits for running replies, then drops the cancellation subscription. */
  close(): Promise<void>;
}

/**
 * Starts the `bot-replies` worker of this process. Only worker-role processes call it (the
 * conversation service with WORKERS_ENABLED). It subscribes to cancellations before taking jobs.
 */
export async function startBotReplyWorker(opts: BotReplyWorkerOptions): Promise<BotReplyWorker> {
  const handler = createReplyHandler(opts);
  await handler.cancellations.start();
  const worker = createWorker(
    Queues.botReplies,
    { 'generate-reply': (payload, { requestId }) => handler.handle(payload, requestId) },
    { connection: opts.connection, ns: opts.ns, concurrency: opts.concurrency, log: opts.log },
  );
  // Out of retries (or a malformed job): tell the listener instead of leaving it waiting.
  worker.on('failed', (job, err) => {
    if (!job?.finishedOn) return;
    const payload = job.data.payload as { orgId?: unknown; conversationId?: unknown; replyId?: unknown };
    const completion = {
      orgId: String(payload?.orgId),
      conversationId: String(payload?.conversationId),
      replyId: String(payload?.replyId),
      status: 'error' as const,
      error: { code: ErrorCode.INTERNAL, message: 'The reply could not be generated' },
    };
    opts.events
      .publish(Topics.botReplyCompleted, completion, { requestId: job.data.requestId })
      .catch((publishErr: unknown) => opts.log.error({ err: publishErr, reason: err.message, jobId: job.id }, 'could not report a failed bot reply'));
  });
  return {
    worker,
    async close() {
      await worker.close();
      await handler.cancellations.stop();
    },
  };
}
