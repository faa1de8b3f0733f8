import { randomUUID } from 'node:crypto';
import { Topics, type TopicPayload } from '@parley/contracts';
import { createTestRedis, type TestRedis } from '@parley/testing';
import { closeRedis, createRedis, EventBus, RedisNamespace } from '../src';

const quietLog = { warn: jest.fn(), error: jest.fn() };

function until<T>(fn: () => T | undefined, ms = 3000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = fn();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > ms) return reject(new Error('timed out'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

describe('EventBus', () => {
  let a: TestRedis;
  let busA: EventBus;
  let busB: EventBus;
  let b: TestRedis;

  beforeAll(() => {
    a = createTestRedis('bus');
    busA = new EventBus(a.redis, a.subscriber, a.ns, quietLog);
    // A second "node": own connections, same namespace.
    b = { ...createTestRedis('bus'), ns: a.ns } as TestRedis;
    busB = new EventBus(b.redis, b.subscriber, a.ns, quietLog);
  });
  afterAll(async () => {
    await busA.close();
    await busB.close();
    await a.cleanup();
    await b.cleanup();
  });

  const assigned = (): TopicPayload<typeof Topics.conversationAssigned> => ({
    orgId: randomUUID(),
    conversationId: randomUUID(),
    sessionId: randomUUID(),
    assignedTo: randomUUID(),
  });

  it('sends the events published in one turn as one socket write, in order, each publish settling', async () => {
    const received: string[] = [];
    const unsubscribe = await busB.subscribe(Topics.conversationAssigned, (payload) => void received.push(payload.conversationId));
    // Connected first: before that ioredis queues commands itself and there is no socket to cork.
    await a.redis.ping();
    // Writes to a corked socket leave together at uncork: one cork around the twenty means one write.
    const corks = jest.spyOn(a.redis.stream, 'cork');
    const writes = jest.spyOn(a.redis.stream, 'write');
    const payloads = Array.from({ length: 20 }, assigned);
    await Promise.all(payloads.map((p, i) => busA.publish(Topics.conversationAssigned, p, { requestId: `batch-${i}` })));
    expect(corks).toHaveBeenCalledTimes(1);
    expect(writes).toHaveBeenCalledTimes(20);
    corks.mockRestore();
    writes.mockRestore();
    await until(() => (received.length === 20 ? true : undefined));
    expect(received).toEqual(payloads.map((p) => p.conversationId));
    await unsubscribe();
  });

  it('delivers a typed event to every subscribed node with its request id', async () => {
    const seen: { node: string; requestId: string; payload: unknown }[] = [];
    await busA.subscribe(Topics.conversationAssigned, (payload, meta) => void seen.push({ node: 'a', requestId: meta.requestId, payload }));
    await busB.subscribe(Topics.conversationAssigned, (payload, meta) => void seen.push({ node: 'b', requestId: meta.requestId, payload }));
    const payload = assigned();
    await busA.publish(Topics.conversationAssigned, payload, { requestId: 'req-42' });
    await until(() => (seen.length === 2 ? true : undefined));
    expect(seen.map((s) => s.node).sort()).toEqual(['a', 'b']);
    for (const s of seen) expect(s).toMatchObject({ requestId: 'req-42', payload });
  });

  it('refuses to publish a payload that does not match its schema', async () => {
    const bad = { ...assigned(), assignedTo: 'not-a-uuid' };
    await expect(busA.publish(Topics.conversationAssigned, bad, { requestId: 'r' })).rejects.toThrow(/assignedTo/);
  });

  it('drops, and logs, a received event of another version or shape', async () => {
    const got = jest.fn();
    await busA.subscribe(Topics.conversationResolved, got);
    const channel = a.ns.channel(Topics.conversationResolved.name);
    await a.redis.publish(channel, JSON.stringify({ topic: 'x', v: 99, requestId: 'r', emittedAt: '', payload: {} }));
    await a.redis.publish(channel, 'not json');
    await until(() => (quietLog.warn.mock.calls.length >= 2 ? true : undefined));
    expect(got).not.toHaveBeenCalled();
  });

  it('does not leak events across namespaces', async () => {
    const other = createRedis({ url: a.url, connectionName: 'other-sub' });
    const otherPub = createRedis({ url: a.url, connectionName: 'other-pub' });
    const otherBus = new EventBus(otherPub, other, new RedisNamespace(`${a.ns.prefix}-other`), quietLog);
    const got = jest.fn();
    await otherBus.subscribe(Topics.conversationAssigned, got);
    const mine = jest.fn();
    await busA.subscribe(Topics.conversationAssigned, mine);
    await busA.publish(Topics.conversationAssigned, assigned(), { requestId: 'r' });
    await until(() => (mine.mock.calls.length ? true : undefined));
    expect(got).not.toHaveBeenCalled();
    await otherBus.close();
    await closeRedis(other);
    await closeRedis(otherPub);
  });
});
