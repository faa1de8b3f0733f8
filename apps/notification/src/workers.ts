import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { workersPlugin } from '@parley/bus';
import { DEFAULT_PUSH_ENDPOINTS, startPushWorker, type PushEndpoints } from '@parley/push';
import type { CipherKeyring } from '@parley/security';
import type { ServiceDeps } from '@parley/service-kit';
import { startWebhookFanOut, startWebhookWorker } from '@parley/webhooks';

export interface NotificationWorkerOptions {
  /** Run the workers and the webhook fan-out here. `buildApp` defaults to false; `main.ts` passes WORKERS_ENABLED. */
  workersEnabled?: boolean;
  pushWorkerConcurrency?: number;
  webhookWorkerConcurrency?: number;
  /** FCM/APNs endpoints, request timeout and extra CA; DEFAULT_PUSH_ENDPOINTS for what is not given. */
  push?: Partial<PushEndpoints>;
  webhookTimeoutMs?: number;
  webhookAllowPrivateNetworks?: boolean;
  /** Delays between webhook attempts (10 of them); the ~24 h schedule unless given. */
  webhookRetryDelaysMs?: readonly number[];
  /** BullMQ lock and stalled-check interval: how soon a job of a dead worker is retried. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export const DEFAULT_PUSH_CONCURRENCY = 100;
export const DEFAULT_WEBHOOK_CONCURRENCY = 20;

/**
 * Starts the `send-push` and `deliver-webhook` workers and the webhook fan-out. Closing order
 * (Fastify closes plugins in reverse): the fan-out stops taking events, the workers finish their
 * running jobs, then the push connections close, then queues, Redis and the database.
 */
export async function registerWorkers(app: FastifyInstance, deps: ServiceDeps, cipher: CipherKeyring, options: NotificationWorkerOptions): Promise<void> {
  const { redis } = deps;
  const common = { connection: redis.queueConnection, ns: redis.ns, lockDurationMs: options.lockDurationMs, stalledIntervalMs: options.stalledIntervalMs };
  const push = startPushWorker({
    ...common,
    db: deps.db,
    redis: redis.redis,
    cipher,
    endpoints: { ...DEFAULT_PUSH_ENDPOINTS, ...options.push },
    concurrency: options.pushWorkerConcurrency ?? DEFAULT_PUSH_CONCURRENCY,
    log: app.log.child({ worker: 'push-notifications' }),
  });
  const webhooks = startWebhookWorker({
    ...common,
    db: deps.db,
    cipher,
    concurrency: options.webhookWorkerConcurrency ?? DEFAULT_WEBHOOK_CONCURRENCY,
    http: { timeoutMs: options.webhookTimeoutMs ?? 10_000, allowPrivateNetworks: options.webhookAllowPrivateNetworks ?? false },
    log: app.log.child({ worker: 'webhooks' }),
    ...(options.webhookRetryDelaysMs ? { retryDelaysMs: options.webhookRetryDelaysMs } : {}),
  });
  const onClose = (name: string, dependency: string, hook: () => Promise<void>) =>
    fp(
      async (scope) => {
        scope.addHook('onClose', hook);
      },
      { name, dependencies: [dependency] },
    );
  await app.register(onClose('parley-push-senders', 'parley-bus', async () => push.senders.close()));
  await app.register(workersPlugin, { workers: [push.worker, webhooks] });
  const stopFanOut = await startWebhookFanOut({ db: deps.db, events: app.events, queues: app.queues, log: app.log.child({ component: 'webhook-fan-out' }) });
  await app.register(onClose('parley-webhook-fan-out', 'parley-workers', stopFanOut));
}
