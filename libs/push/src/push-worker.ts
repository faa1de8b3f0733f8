import type { Worker } from 'bullmq';
import { Queues } from '@parley/contracts';
import { createWorker, type RedisClient, type RedisNamespace } from '@parley/bus';
import type { Db } from '@parley/db';
import type { CipherKeyring } from '@parley/security';
import { CredentialCache } from './credentials/credential-cache';
import { createPushJobHandler, type PushLogger } from './push-job';
import { createPushSenders, type PushEndpoints, type PushSenders } from './push-senders';
import { pushBackoffMs } from './send-outcome';

export interface PushWorkerOptions {
  db: Db;
  /** Command connection (presence, progress). */
  redis: RedisClient;
  /** A connection made with `blocking: true` (maxRetriesPerRequest: null). */
  connection: RedisClient;
  ns: RedisNamespace;
  cipher: CipherKeyring;
  endpoints: PushEndpoints;
  concurrency: number;
  log: PushLogger;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface PushWorker {
  worker: Worker;
  senders: PushSenders;
}

/** Starts the `send-push` worker of this process (only worker-role processes call this). */
export function startPushWorker(opts: PushWorkerOptions): PushWorker {
  const senders = createPushSenders(opts.endpoints);
  const handle = createPushJobHandler({
    db: opts.db,
    redis: opts.redis,
    ns: opts.ns,
    credentials: new CredentialCache(opts.db, opts.cipher, opts.endpoints.clock),
    senders,
    log: opts.log,
  });
  const worker = createWorker(
    Queues.pushNotifications,
    { 'send-push': (payload, { requestId }) => handle(payload, requestId) },
    {
      // createWorker reads its own settings (connection, ns, concurrency, log, lock and stall times).
      ...opts,
      backoffStrategy: (attemptsMade, _type, err) => pushBackoffMs(attemptsMade, err),
    },
  );
  return { worker, senders };
}
