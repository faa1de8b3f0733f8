import type { Job } from 'bullmq';
import { Queues, type JobPayload } from '@parley/contracts';
import type { QueueRegistry } from '@parley/bus';

export type PushJob = JobPayload<typeof Queues.pushNotifications, 'send-push'>;

/**
 * How long a push waits before the worker decides. A visitor whose app is open has a socket, and
 * the worker skips the push; the delay covers a socket that is reconnecting (app switching, a
 * network change) so it does not get a push for a message it is about to see anyway.
 */
export const DEFAULT_PUSH_DELAY_MS = 2000;
/** Push attempts; with the worker's backoff (1 s doubling, capped at 5 min) the last one is ~10 min on. */
export const PUSH_ATTEMPTS = 10;
/** The custom backoff the push worker implements (exponential, jittered, honouring Retry-After). */
export const PUSH_BACKOFF_TYPE = 'push';

/** One push job per message, whoever calls and however often: BullMQ keeps the first. */
export const pushJobId = (messageId: string) => `push-${messageId}`;

export interface SchedulePushMeta {
  requestId: string;
  /** Default DEFAULT_PUSH_DELAY_MS. */
  delayMs?: number;
}

/**
 * Call after storing every agent or bot message addressed to an end user (the bot worker, the
 * agent REST path, the socket handlers). It does not check whether the end user is connected:
 * the notification worker does that when the job runs, so a message never waits on a presence
 * lookup here. Visitor messages need no call (the worker would skip them anyway).
 */
export function schedulePush(queues: Pick<QueueRegistry, 'get'>, payload: PushJob, meta: SchedulePushMeta): Promise<Job> {
  return queues.get(Queues.pushNotifications).add('send-push', payload, {
    requestId: meta.requestId,
    jobId: pushJobId(payload.messageId),
    delay: meta.delayMs ?? DEFAULT_PUSH_DELAY_MS,
    attempts: PUSH_ATTEMPTS,
    backoff: { type: PUSH_BACKOFF_TYPE },
  });
}

/** What the bot worker's job returns (`bot.reply.completed`'s payload): a stored message, if any. */
export interface StoredReply {
  orgId: string;
  conversationId: string;
  message?: { id: string; sender_type: string };
}

/**
 * The bot worker's hook: every bot message it stored (an answer, a hand-off note or the fallback)
 * is pushed like an agent's. Cancelled or failed replies stored nothing and push nothing.
 */
export async function schedulePushForReply(queues: Pick<QueueRegistry, 'get'>, reply: StoredReply, requestId: string): Promise<Job | undefined> {
  if (!reply.message || reply.message.sender_type !== 'bot') return undefined;
  return schedulePush(queues, { orgId: reply.orgId, conversationId: reply.conversationId, messageId: reply.message.id }, { requestId });
}
