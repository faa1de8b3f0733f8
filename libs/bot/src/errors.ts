import { ErrorCode } from '@parley/contracts';

export type ProviderErrorCode =
  | typeof ErrorCode.PROVIDER_TIMEOUT
  | typeof ErrorCode.PROVIDER_ERROR
  | typeof ErrorCode.PROVIDER_UNAVAILABLE;

/** Messages safe to show a visitor: the provider's own text (which may name keys or models) is only logged. */
const PUBLIC_MESSAGES: Record<ProviderErrorCode, string> = {
  PROVIDER_TIMEOUT: 'The assistant took too long to answer',
  PROVIDER_ERROR: 'The assistant could not answer',
  PROVIDER_UNAVAILABLE: 'The assistant is unavailable right now',
};

/**
 * A provider failed in a way a retry of the job would not fix quickly: the worker stores a
 * fallback message and completes the reply with `status: 'error'` instead of letting BullMQ retry.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly code: ProviderErrorCode,
    /** For logs only. */
    readonly detail: string,
    readonly status?: number,
  ) {
    super(PUBLIC_MESSAGES[code]);
  }
}

/**
 * Thrown by a provider, before it yields anything, when it should not answer: the worker then
 * sends the "a teammate will follow up" message and puts the conversation in the human queue.
 */
export class HandoffSignal extends Error {
  override readonly name = 'HandoffSignal';
  constructor(readonly reason: 'no_match') {
    super(`handoff: ${reason}`);
  }
}

/** The abort reason when a reply's listener cancelled it. */
export class ReplyCancelledError extends Error {
  override readonly name = 'ReplyCancelledError';
  constructor(readonly replyId: string) {
    super(`reply ${replyId} was cancelled`);
  }
}
