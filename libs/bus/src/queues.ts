import { Queue, UnrecoverableError, Worker, type BackoffStrategy, type Job, type JobsOptions } from 'bullmq';
import { Compile } from 'typebox/compile';
import type { JobName, JobPayload, QueueDefinition } from '@parley/contracts';
import type { BusLogger } from './event-bus';
import type { RedisClient, RedisNamespace } from './redis';

/** What BullMQ stores: the payload plus the version and the request that caused it. */
export interface JobData<P = unknown> {
  v: number;
  requestId: string;
  payload: P;
}

export interface EnqueueOptions extends Pick<JobsOptions, 'delay' | 'attempts' | 'backoff' | 'priority'> {
  requestId: string;
  /** Idempotency: BullMQ ignores a second job with the same id while the first is kept. */
  jobId?: string;
}

const compiled = new WeakMap<object, ReturnType<typeof Compile>>();
function check(def: QueueDefinition, name: string, payload: unknown): string | undefined {
  const schema = def.jobs[name];
  if (!schema) return `unknown job ${name} on queue ${def.name}`;
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = Compile(schema)));
  if (v.Check(payload)) return undefined;
  const first = v.Errors(payload)[0];
  return `job ${def.name}/${name} payload invalid at ${first?.instancePath || '/'}: ${first?.message}`;
}

export class TypedQueue<Q extends QueueDefinition> {
  constructor(
    readonly def: Q,
    readonly queue: Queue,
  ) {}

  async add<N extends JobName<Q>>(name: N, payload: JobPayload<Q, N>, opts: EnqueueOptions): Promise<Job> {
    const problem = check(this.def, name, payload);
    if (problem) throw new Error(problem);
    const { requestId, ...jobOpts } = opts;
    const data: JobData = { v: this.def.version, requestId, payload };
    return this.queue.add(name, data, {
      removeOnComplete: { age: 3600, count: 1000 },
      // Failed jobs stay: the failed set is the dead-letter list.
      removeOnFail: false,
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      ...jobOpts,
    });
  }
}

/** Any process may enqueue: queues are opened lazily and shared per process. */
export class QueueRegistry {
  private readonly open = new Map<string, TypedQueue<QueueDefinition>>();

  constructor(
    private readonly connection: RedisClient,
    private readonly ns: RedisNamespace,
  ) {}

  get<Q extends QueueDefinition>(def: Q): TypedQueue<Q> {
    let q = this.open.get(def.name);
    if (!q) {
      q = new TypedQueue(def, new Queue(def.name, { connection: this.connection, prefix: this.ns.queuePrefix }));
      this.open.set(def.name, q);
    }
    return q as unknown as TypedQueue<Q>;
  }

  async close(): Promise<void> {
    await Promise.all([...this.open.values()].map((q) => q.queue.close()));
    this.open.clear();
  }
}

export type JobHandlers<Q extends QueueDefinition> = {
  [N in JobName<Q>]: (payload: JobPayload<Q, N>, ctx: { requestId: string; job: Job }) => Promise<unknown>;
};

export interface WorkerOptions {
  /** Must be a connection made with `blocking: true` (maxRetriesPerRequest: null). */
  connection: RedisClient;
  ns: RedisNamespace;
  concurrency: number;
  log: BusLogger;
  /**
   * BullMQ's job lock (default 30 s): a worker that dies mid-job loses it after this long, and a
   * stalled-job check (every `stalledIntervalMs`, on any live worker) puts the job back to wait.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** For jobs enqueued with `backoff: { type: 'custom' }`: the delay before retry `attemptsMade`. */
  backoffStrategy?: BackoffStrategy;
}

/**
 * Only worker-role processes call this. A payload that fails its schema, or has a version this
 * code does not know, can never succeed, so it fails at once with UnrecoverableError.
 */
export function createWorker<Q extends QueueDefinition>(def: Q, handlers: JobHandlers<Q>, opts: WorkerOptions): Worker {
  const worker = new Worker(
    def.name,
    async (job: Job<JobData>) => {
      const { v, requestId, payload } = job.data;
      if (v !== def.version) throw new UnrecoverableError(`job version ${v} is not ${def.version}`);
      const problem = check(def, job.name, payload);
      if (problem) throw new UnrecoverableError(problem);
      const handler = handlers[job.name as JobName<Q>];
      return handler(payload as never, { requestId, job });
    },
    {
      connection: opts.connection,
      prefix: opts.ns.queuePrefix,
      concurrency: opts.concurrency,
      ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs } : {}),
      ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
      ...(opts.backoffStrategy ? { settings: { backoffStrategy: opts.backoffStrategy } } : {}),
    },
  );
  worker.on('failed', (job, err) =>
    opts.log.warn({ queue: def.name, jobId: job?.id, requestId: job?.data.requestId, err: err.message }, 'job failed'),
  );
  worker.on('error', (err) => opts.log.error({ queue: def.name, err }, 'worker error'));
  return worker;
}
