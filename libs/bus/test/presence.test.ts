import { randomUUID } from 'node:crypto';
import { createTestRedis, type TestRedis } from '@parley/testing';
import { PresenceStore, presenceMember, presenceSubject } from '../src';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('presence store', () => {
  let r: TestRedis;
  let nodeA: PresenceStore;
  let nodeB: PresenceStore;
  beforeAll(() => {
    r = createTestRedis('presence');
    // Two gateway nodes: separate clients, one namespace.
    nodeA = new PresenceStore(r.redis, r.ns);
    nodeB = new PresenceStore(r.queueConnection, r.ns);
  });
  afterAll(() => r.cleanup());

  const subject = () => presenceSubject.endUser(randomUUID(), randomUUID());

  it('is online while any socket on any node is connected, and says when it comes and goes', async () => {
    const who = subject();
    expect(await nodeA.isOnline(who)).toBe(false);
    expect(await nodeA.connect(who, presenceMember('a', 's1'), 10_000)).toBe(true);
    expect(await nodeB.connect(who, presenceMember('b', 's2'), 10_000)).toBe(false);
    expect(await nodeB.connections(who)).toBe(2);
    expect(await nodeA.disconnect(who, presenceMember('a', 's1'))).toBe(false);
    expect(await nodeA.isOnline(who)).toBe(true);
    expect(await nodeB.disconnect(who, presenceMember('b', 's2'))).toBe(true);
    expect(await nodeA.isOnline(who)).toBe(false);
    // A second disconnect of the same socket reports nothing new.
    expect(await nodeB.disconnect(who, presenceMember('b', 's2'))).toBe(false);
  });

  it('expires sockets that stop refreshing (a node that died), and a refresh keeps one alive', async () => {
    const who = subject();
    await nodeA.connect(who, presenceMember('dead-node', 's1'), 150);
    await nodeB.connect(who, presenceMember('live-node', 's2'), 150);
    await sleep(90);
    expect(await nodeB.refresh(who, presenceMember('live-node', 's2'), 150)).toBe(false);
    await sleep(90);
    // The dead node's socket is gone, the refreshed one remains.
    expect(await nodeA.connections(who)).toBe(1);
    await sleep(200);
    expect(await nodeA.isOnline(who)).toBe(false);
    // A heartbeat after expiry brings the subject back and says so.
    expect(await nodeB.refresh(who, presenceMember('live-node', 's2'), 150)).toBe(true);
  });

  it('refreshMany renews a whole node in pipelines of 100 and says which came back online', async () => {
    const live = Array.from({ length: 1_200 }, (_, i) => ({ subject: subject(), member: presenceMember('busy-node', `s${i}`) }));
    for (const e of live.slice(0, 3)) await nodeA.connect(e.subject, e.member, 10_000);
    const pipelines = jest.spyOn(r.redis, 'pipeline');
    const cameBack = await nodeA.refreshMany(live, 10_000);
    // Twelve socket writes for 1,200 sockets, not 1,200.
    expect(pipelines).toHaveBeenCalledTimes(12);
    pipelines.mockRestore();
    expect(cameBack.slice(0, 3)).toEqual([false, false, false]);
    expect(cameBack.slice(3).every(Boolean)).toBe(true);
    expect(await nodeB.areOnline(live.slice(-2).map((e) => e.subject))).toEqual([true, true]);
    expect(await nodeA.refreshMany([], 10_000)).toEqual([]);
  });

  it('keeps its keys in the namespace and lets idle subjects expire from Redis entirely', async () => {
    const who = presenceSubject.agent(randomUUID(), randomUUID());
    await nodeA.connect(who, presenceMember('a', 's'), 5_000);
    const key = nodeA.key(who);
    expect(key.startsWith(`${r.ns.prefix}:presence:agent:`)).toBe(true);
    const ttl = await r.redis.pttl(key);
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
    await nodeA.disconnect(who, presenceMember('a', 's'));
    expect(await r.redis.exists(key)).toBe(0);
  });

  it('answers for many subjects in one round trip, in order', async () => {
    const [a, b, c] = [subject(), subject(), subject()];
    await nodeA.connect(a, presenceMember('n', '1'), 10_000);
    await nodeB.connect(c, presenceMember('n', '2'), 10_000);
    expect(await nodeA.areOnline([a, b, c])).toEqual([true, false, true]);
    expect(await nodeA.areOnline([])).toEqual([]);
  });

  it('refuses a ttl that would mean "offline at once"', async () => {
    await expect(nodeA.connect(subject(), 'n:s', 0)).rejects.toThrow(RangeError);
  });
});
