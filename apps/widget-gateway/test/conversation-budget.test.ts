import { randomUUID } from 'node:crypto';
import { createRedis, type RedisClient } from '@parley/bus';
import { useTestInfra } from '@parley/testing';
import {
  assertConversationBudget,
  consumeConversationBudget,
  consumeTokenBuckets,
  conversationBudgetKey,
  type ConversationBudget,
} from '../src/budget/conversation-budget';

const infra = useTestInfra();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('consumeConversationBudget: token bucket plus daily cap, shared in Redis', () => {
  let nodeA: RedisClient;
  let nodeB: RedisClient;
  beforeAll(() => {
    // Two connections stand for two gateway nodes; each defines the script on its own.
    nodeA = createRedis({ url: infra.redisUrl, connectionName: `${infra.redis.ns.prefix}:node-a` });
    nodeB = createRedis({ url: infra.redisUrl, connectionName: `${infra.redis.ns.prefix}:node-b` });
  });
  afterAll(async () => {
    await Promise.all([nodeA.quit(), nodeB.quit()]);
  });

  const spend = (redis: RedisClient, conversationId: string, budget: ConversationBudget) =>
    consumeConversationBudget(redis, infra.redis.ns, conversationId, budget);

  it('allows a burst of `burst` messages, then refuses with the time to the next token', async () => {
    const conv = randomUUID();
    const budget = { burst: 5, refillPerMin: 6, dailyCap: 100 };
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await spend(nodeA, conv, budget));
    expect(decisions.slice(0, 5).every((d) => d.allowed)).toBe(true);
    expect(decisions.map((d) => d.tokensLeft).slice(0, 5)).toEqual([4, 3, 2, 1, 0]);
    // 6 a minute = one every 10 s.
    expect(decisions[5]).toMatchObject({ allowed: false, limitedBy: 'burst', tokensLeft: 0 });
    expect(decisions[5]!.retryAfterSeconds).toBeGreaterThanOrEqual(9);
    expect(decisions[5]!.retryAfterSeconds).toBeLessThanOrEqual(10);
    // Another conversation has its own bucket.
    expect((await spend(nodeA, randomUUID(), budget)).allowed).toBe(true);
  });

  it('refills continuously at refillPerMin', async () => {
    const conv = randomUUID();
    // 600 a minute = one every 100 ms.
    const budget = { burst: 2, refillPerMin: 600, dailyCap: 1000 };
    expect((await spend(nodeA, conv, budget)).allowed).toBe(true);
    expect((await spend(nodeA, conv, budget)).allowed).toBe(true);
    expect((await spend(nodeA, conv, budget)).allowed).toBe(false);
    await sleep(250);
    expect((await spend(nodeA, conv, budget)).allowed).toBe(true);
    expect((await spend(nodeA, conv, budget)).allowed).toBe(true);
    expect((await spend(nodeA, conv, budget)).allowed).toBe(false);
    // Never more than the burst, however long it rested.
    await sleep(400);
    const after = [];
    for (let i = 0; i < 3; i++) after.push((await spend(nodeA, conv, budget)).allowed);
    expect(after).toEqual([true, true, false]);
  });

  it('stops at the daily cap whatever the bucket holds, until the next UTC day', async () => {
    const conv = randomUUID();
    const budget = { burst: 50, refillPerMin: 6000, dailyCap: 3 };
    for (let i = 0; i < 3; i++) expect((await spend(nodeA, conv, budget)).allowed).toBe(true);
    const refused = await spend(nodeA, conv, budget);
    expect(refused).toMatchObject({ allowed: false, limitedBy: 'daily_cap', dailyLeft: 0 });
    const now = new Date();
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    expect(Math.abs(refused.retryAfterSeconds - (midnight - now.getTime()) / 1000)).toBeLessThan(5);
    // A new day: the stored day is yesterday's, so the count starts again.
    const key = conversationBudgetKey(infra.redis.ns, conv);
    await nodeA.hset(key, 'day', String(Math.floor(Date.now() / 86_400_000) - 1));
    expect(await spend(nodeA, conv, budget)).toMatchObject({ allowed: true, dailyLeft: 2 });
    // The key does not outlive the day (plus a second) when the bucket is full by then; the
    // slack covers Redis' clock against ours.
    const ttl = await nodeA.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(midnight - Date.now() + 1500);
  });

  it('two nodes share one bucket, and concurrent requests never overspend it', async () => {
    const conv = randomUUID();
    const budget = { burst: 10, refillPerMin: 1, dailyCap: 100 };
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => spend(i % 2 ? nodeA : nodeB, conv, budget)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect((await spend(nodeB, conv, budget)).allowed).toBe(false);
  });

  it('consumeTokenBuckets spends from each bucket in order and stops at the first refusal', async () => {
    const sender = infra.redis.ns.key('budget', 'sender', randomUUID());
    const conv = randomUUID();
    const convKey = conversationBudgetKey(infra.redis.ns, conv);
    const senderBudget = { burst: 2, refillPerMin: 0, dailyCap: 100 };
    const convBudget = { burst: 3, refillPerMin: 0, dailyCap: 100 };
    const both = () => consumeTokenBuckets(nodeA, [{ key: sender, budget: senderBudget }, { key: convKey, budget: convBudget }]);

    expect(await both()).toMatchObject({ refusedBy: null, decision: { allowed: true, tokensLeft: 2 } });
    expect(await both()).toMatchObject({ refusedBy: null, decision: { allowed: true, tokensLeft: 1 } });
    // The sender is out: the conversation's bucket is not touched by the refused message.
    expect(await both()).toMatchObject({ refusedBy: 0, decision: { allowed: false, limitedBy: 'burst' } });
    expect(await spend(nodeA, conv, convBudget)).toMatchObject({ allowed: true, tokensLeft: 0 });
    // Now the conversation refuses, after the (fresh) sender's token was spent.
    const other = infra.redis.ns.key('budget', 'sender', randomUUID());
    const refused = await consumeTokenBuckets(nodeA, [{ key: other, budget: senderBudget }, { key: convKey, budget: convBudget }]);
    expect(refused).toMatchObject({ refusedBy: 1, decision: { allowed: false, limitedBy: 'burst' } });
    expect(await consumeTokenBuckets(nodeA, [{ key: other, budget: senderBudget }])).toMatchObject({ decision: { tokensLeft: 0 } });
  });

  it('assertConversationBudget throws 429 RATE_LIMITED with Retry-After', async () => {
    const conv = randomUUID();
    const budget = { burst: 1, refillPerMin: 2, dailyCap: 10 };
    await assertConversationBudget(nodeA, infra.redis.ns, conv, budget);
    await expect(assertConversationBudget(nodeA, infra.redis.ns, conv, budget)).rejects.toMatchObject({
      statusCode: 429,
      code: 'RATE_LIMITED',
      headers: { 'retry-after': '30' },
    });
  });
});
