import type { FastifyInstance } from 'fastify';
import { startBotReplyWorker, type ProviderDefaults } from '@parley/bot';
import { workersPlugin } from '@parley/bus';
import { schedulePushForReply, type StoredReply } from '@parley/push';
import { createCipherKeyring } from '@parley/security';
import { DEFAULT_SECURITY, type AppOptions, type ServiceDeps } from '@parley/service-kit';

export interface WorkerOptions {
  /** Run the BullMQ workers in this process. `buildApp` defaults to false; `main.ts` passes WORKERS_ENABLED. */
  workersEnabled?: boolean;
  /** BOT_WORKER_CONCURRENCY. */
  botWorkerConcurrency?: number;
  /** BOT_PROVIDER_TIMEOUT_MS / BOT_PROVIDER_IDLE_TIMEOUT_MS: defaults a bot's settings may override. */
  botProviderTimeouts?: ProviderDefaults;
}

export const DEFAULT_BOT_WORKER_CONCURRENCY = 20;

/**
 * Starts the bot's `generate-reply` worker and hands it to `workersPlugin`, which closes it
 * (letting running replies finish) before the queues, Redis and the database close.
 */
export async function registerWorkers(app: FastifyInstance, deps: ServiceDeps, options: AppOptions & WorkerOptions): Promise<void> {
  const security = { ...DEFAULT_SECURITY, ...options.security };
  const bot = await startBotReplyWorker({
    db: deps.db,
    events: app.events,
    connection: deps.redis.queueConnection,
    ns: deps.redis.ns,
    cipher: createCipherKeyring(security.encryptionKeys),
    log: app.log.child({ worker: 'bot-replies' }),
    concurrency: options.botWorkerConcurrency ?? DEFAULT_BOT_WORKER_CONCURRENCY,
    providerDefaults: options.botProviderTimeouts,
  });
  // A stored bot message becomes a push job; the notification worker skips it if the visitor is connected.
  bot.worker.on('completed', (job, reply: StoredReply) => {
    schedulePushForReply(app.queues, reply, job.data.requestId).catch((err: unknown) => app.log.error({ err, jobId: job.id }, 'could not schedule a push'));
  });
  await app.register(workersPlugin, { workers: [bot.worker] });
}
