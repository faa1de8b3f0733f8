import type { DeadLetter } from '@parley/bus';
import type { DeadLetterView } from '@parley/contracts';

export const toDeadLetterView = (d: DeadLetter): DeadLetterView => ({
  job_id: d.jobId,
  name: d.name,
  payload: d.payload,
  failed_reason: d.failedReason,
  attempts: d.attempts,
  failed_at: d.failedAt ? d.failedAt.toISOString() : null,
});
