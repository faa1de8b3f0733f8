import type { Queue } from 'bullmq';
import type { JobData } from './queues';

export interface DeadLetter {
  jobId: string;
  name: string;
  payload: Record<string, unknown>;
  failedReason: string;
  attempts: number;
  failedAt: Date | null;
}

/** How far back the failed set is read for one organization's view. */
const SCAN_LIMIT = 1000;

const orgOf = (data: unknown): unknown => ((data as JobData<{ orgId?: unknown }> | undefined)?.payload ?? {}).orgId;

/**
 * A queue's failed set is its dead-letter list (jobs are kept on failure). It is shared by every
 * organization, so one organization's view reads the newest SCAN_LIMIT failed jobs and keeps
 * those whose payload carries its id.
 */
export async function listDeadLetters(queue: Queue, orgId: string, limit: number): Promise<DeadLetter[]> {
  const jobs = await queue.getFailed(0, SCAN_LIMIT - 1);
  return jobs
    .filter((job) => job && orgOf(job.data) === orgId)
    .slice(0, limit)
    .map((job) => ({
      jobId: String(job.id),
      name: job.name,
      payload: ((job.data as JobData<Record<string, unknown>>).payload ?? {}) as Record<string, unknown>,
      failedReason: job.failedReason ?? '',
      attempts: job.attemptsMade,
      failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    }));
}

/** Moves one of the organization's dead letters back to wait (attempts start over). False if not found. */
export async function retryDeadLetter(queue: Queue, orgId: string, jobId: string): Promise<boolean> {
  const job = await queue.getJob(jobId);
  if (!job || orgOf(job.data) !== orgId || !(await job.isFailed())) return false;
  await job.retry('failed', { resetAttemptsMade: true });
  return true;
}
