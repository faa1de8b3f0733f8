import type { Job, Worker } from 'bullmq';
import { Queues, type JobPayload } from '@parley/contracts';
import { createWorker, type RedisClient, type RedisNamespace } from '@parley/bus';
import { asOrgId, webhookDeliveryRepository, webhookEndpointRepository, webhookSecretAad, type Db } from '@parley/db';
import type { CipherKeyring } from '@parley/security';
import { DISABLE_AFTER_CONSECUTIVE_FAILURES, WEBHOOK_RETRY_DELAYS_MS, WebhookRetryError, webhookRetryDelayMs } from './retry-schedule';
import { signedHeaders } from './signing';
import { postWebhook, type WebhookHttpOptions } from './webhook-http';

export interface WebhookLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DeliveryDeps {
  db: Db;
  cipher: CipherKeyring;
  http: WebhookHttpOptions;
  log: WebhookLogger;
  /** Delays between attempts; WEBHOOK_RETRY_DELAYS_MS (about 24 h in all) unless given. */
  retryDelaysMs?: readonly number[];
}

type DeliverJob = JobPayload<typeof Queues.webhooks, 'deliver-webhook'>;
export type DeliveryResult = { delivered: true; attempt: number; statusCode: number | null } | { skipped: 'not_pending' | 'endpoint_gone' | 'endpoint_disabled' };

/**
 * The `deliver-webhook` job: one signed POST per attempt, each logged (status, response time,
 * error). A failure throws WebhookRetryError with the scheduled delay, which BullMQ's backoff
 * reads; the last failure leaves the job in the failed set (the dead-letter list) and, when the
 * endpoint has not succeeded since, disables the endpoint.
 */
export function createDeliveryHandler(deps: DeliveryDeps) {
  const deliveries = webhookDeliveryRepository(deps.db);
  const endpoints = webhookEndpointRepository(deps.db);
  const schedule = deps.retryDelaysMs ?? WEBHOOK_RETRY_DELAYS_MS;

  return async function deliver(payload: DeliverJob, job: Pick<Job, 'attemptsMade' | 'opts'>, requestId: string): Promise<DeliveryResult> {
    const orgId = asOrgId(payload.orgId);
    const claim = await deliveries.beginAttempt(orgId, payload.deliveryId);
    if (!claim) return { skipped: 'not_pending' };
    const endpoint = await endpoints.forSigning(orgId, claim.endpointId);
    if (!endpoint || !endpoint.enabled) {
      await deliveries.abandon(orgId, payload.deliveryId, endpoint ? 'endpoint disabled' : 'endpoint deleted');
      return { skipped: endpoint ? 'endpoint_disabled' : 'endpoint_gone' };
    }
    const aad = webhookSecretAad(endpoint.id);
    const secrets = [deps.cipher.decrypt(endpoint.secretEnc, aad)];
    if (endpoint.previousSecretEnc && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date()) {
      secrets.push(deps.cipher.decrypt(endpoint.previousSecretEnc, aad));
    }
    const body = JSON.stringify(claim.payload);
    const headers = signedHeaders(secrets, payload.deliveryId, Math.floor(Date.now() / 1000), body);
    const result = await postWebhook(endpoint.url, headers, body, deps.http);
    const logCtx = { requestId, deliveryId: payload.deliveryId, endpointId: endpoint.id, attempt: claim.attempt, status: result.statusCode, ms: result.responseMs };

    if (!result.error) {
      await deliveries.recordAttempt(orgId, payload.deliveryId, { ...result, attempt: claim.attempt, outcome: 'succeeded', nextAttemptAt: null });
      await endpoints.recordSuccess(orgId, endpoint.id);
      return { delivered: true, attempt: claim.attempt, statusCode: result.statusCode };
    }

    const failures = await endpoints.recordFailure(orgId, endpoint.id);
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!last) {
      const delayMs = webhookRetryDelayMs(job.attemptsMade + 1, schedule);
      await deliveries.recordAttempt(orgId, payload.deliveryId, { ...result, attempt: claim.attempt, outcome: 'retry', nextAttemptAt: new Date(Date.now() + delayMs) });
      deps.log.warn({ ...logCtx, err: result.error, retryInMs: delayMs }, 'webhook attempt failed');
      throw new WebhookRetryError(result.error, delayMs);
    }
    await deliveries.recordAttempt(orgId, payload.deliveryId, { ...result, attempt: claim.attempt, outcome: 'failed', nextAttemptAt: null });
    if (failures >= DISABLE_AFTER_CONSECUTIVE_FAILURES) {
      const reason = `disabled after ${failures} failed attempts in a row, the last: ${result.error}`;
      if (await endpoints.disable(orgId, endpoint.id, reason)) deps.log.warn({ ...logCtx, failures }, 'webhook endpoint disabled after persistent failure');
    }
    throw new Error(`webhook delivery failed for good after ${job.attemptsMade + 1} attempt(s): ${result.error}`);
  };
}

export interface WebhookWorkerOptions extends DeliveryDeps {
  /** A connection made with `blocking: true` (maxRetriesPerRequest: null). */
  connection: RedisClient;
  ns: RedisNamespace;
  concurrency: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** Starts the `deliver-webhook` worker of this process (worker-role processes only). */
export function startWebhookWorker(opts: WebhookWorkerOptions): Worker {
  const deliver = createDeliveryHandler(opts);
  return createWorker(
    Queues.webhooks,
    { 'deliver-webhook': (payload, { job, requestId }) => deliver(payload, job, requestId) },
    {
      // createWorker reads its own settings (connection, ns, concurrency, log, lock and stall times).
      ...opts,
      // The handler computed the delay (and logged it as next_attempt_at); anything else retries in 10 s.
      backoffStrategy: (_attempts, _type, err) => (err instanceof WebhookRetryError ? err.delayMs : 10_000),
    },
  );
}
