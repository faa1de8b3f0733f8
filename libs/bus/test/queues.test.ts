import { randomUUID } from 'node:crypto';
import { Queues } from '@parley/contracts';
import { createTestRedis, type TestRedis } from '@parley/testing';
import { createWorker, QueueRegistry } from '../src';

const log = { warn: jest.fn(), error: jest.fn() };

describe('typed queues', () => {
  let r: TestRedis;
  let registry: QueueRegistry;
  beforeAll(() => {
    r = createTestRedis('queues');
    registry = new QueueRegistry(r.queueConnection, r.ns);
  });
  afterAll(async () => {
    await registry.close();
    await r.cleanup();
  });

  it('carries the payload and the request id from producer to worker', async () => {
    const payload = { orgId: randomUUID(), deliveryId: randomUUID() };
    let resolveReceived: (v: { payload: unknown; requestId: string }) => void = () => undefined;
    const received = new Promise<{ payload: unknown; requestId: string }>((resolve) => (resolveReceived = resolve));
    const worker = createWorker(
      Queues.webhooks,
      { 'deliver-webhook': async (p, ctx) => resolveReceived({ payload: p, requestId: ctx.requestId }) },
      { connection: r.queueConnection, ns: r.ns, concurrency: 1, log },
    );
    await registry.get(Queues.webhooks).add('deliver-webhook', payload, { requestId: 'req-7' });
    await expect(received).resolves.toEqual({ payload, requestId: 'req-7' });
    await worker.close();
  });

  it('refuses to enqueue a payload that does not match the job schema', async () => {
    const bad = { orgId: 'nope', deliveryId: randomUUID() };
    await expect(registry.get(Queues.webhooks).add('deliver-webhook', bad, { requestId: 'r' })).rejects.toThrow(/orgId/);
  });

  it('fails a malformed job at once, without retries, and keeps it in the failed set', async () => {
    const queue = registry.get(Queues.pushNotifications).queue;
    // Written around the typed API, as an older or foreign producer might.
    const job = await queue.add('send-push', { v: Queues.pushNotifications.version, requestId: 'r', payload: { orgId: 'x' } }, { attempts: 5 });
    const handler = jest.fn();
    const worker = createWorker(Queues.pushNotifications, { 'send-push': handler }, { connection: r.queueConnection, ns: r.ns, concurrency: 1, log });
    const failed = await new Promise<number>((resolve) => worker.on('failed', (j) => resolve(j?.attemptsMade ?? -1)));
    await worker.close();
    expect(handler).not.toHaveBeenCalled();
    expect(failed).toBe(1);
    expect((await queue.getJob(job.id!))?.failedReason).toMatch(/payload invalid/);
  });

  it('keeps queue keys inside the namespace', async () => {
    // Other test files run at the same time under their own namespaces, so look at ours, and at
    // BullMQ's default prefix, where an un-namespaced queue would have landed.
    expect((await r.redis.keys(`${r.ns.prefix}:bull:*`)).length).toBeGreaterThan(0);
    expect(await r.redis.keys('bull:*')).toEqual([]);
  });
});
