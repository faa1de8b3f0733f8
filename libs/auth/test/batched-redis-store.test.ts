import Fastify, { type FastifyInstance } from 'fastify';
import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import { busPlugin, closeRedis, createRedis } from '@parley/bus';
import { dbPlugin } from '@parley/db';
import { useTestInfra } from '@parley/testing';
import { batchedRedisStore, MAX_RATE_LIMIT_BATCH } from '../src/batched-redis-store';
import { rateLimitPlugin } from '../src/rate-limit';

// The plugin's own RedisStore is the reference for counting; it ships without types, hence require.
type Counted = { current: number; ttl: number };
type RefStore = Pick<FastifyRateLimitStore, 'incr'> & {
  read(key: string, cb: (err: Error | null, res?: Counted) => void): void;
  child(o: unknown): RefStore;
};
const RedisStore: new (ce: boolean, eb: boolean, redis: unknown, key: string) => RefStore = require('@fastify/rate-limit/store/RedisStore');

type Store = Pick<RefStore, 'incr' | 'read'>;
const incr = (store: Store, key: string, timeWindow: number, max: number) =>
  new Promise<Counted>((resolve, reject) => store.incr(key, (err, res) => (err ? reject(err) : resolve(res!)), timeWindow, max));
const read = (store: Store, key: string) =>
  new Promise<Counted>((resolve, reject) => store.read(key, (err, res) => (err ? reject(err) : resolve(res!))));
const route = (url: string, flags: { continueExceeding?: boolean; exponentialBackoff?: boolean } = {}) => ({
  routeInfo: { method: 'GET', url },
  continueExceeding: false,
  exponentialBackoff: false,
  ...flags,
});

const infra = useTestInfra();
/** The file's own Redis connection and namespace. */
const redis = {
  get redis() {
    return infra.redis.redis;
  },
  get ns() {
    return infra.redis.ns;
  },
  get url() {
    return infra.redisUrl;
  },
};

/**
 * Script calls sent on the client while `run` goes. Counted by command object: one sent before
 * the connection is ready passes through sendCommand again when the offline queue is replayed.
 */
async function scriptCalls<T>(run: () => Promise<T>, client = redis.redis): Promise<{ calls: number; result: T }> {
  const spy = jest.spyOn(client, 'sendCommand');
  try {
    const result = await run();
    const scripts = spy.mock.calls.map(([command]) => command).filter((c) => c.name === 'evalsha' || c.name === 'eval');
    return { calls: new Set(scripts).size, result };
  } finally {
    spy.mockRestore();
  }
}

describe('batched rate-limit store', () => {
  const ours = () => new (batchedRedisStore(redis.redis, redis.ns.key('ours') + ':'))({});

  it.each([
    ['plain', {}],
    ['continueExceeding', { continueExceeding: true }],
    ['exponentialBackoff', { exponentialBackoff: true }],
    ['both flags', { continueExceeding: true, exponentialBackoff: true }],
  ])('counts like the plugin RedisStore (%s), reads included', async (_name, flags) => {
    const ref = new RedisStore(false, false, redis.redis, redis.ns.key('ref') + ':').child(route('/r', flags));
    const batched = ours().child(route('/r', flags) as never);
    const run = (store: Store) => Promise.all([...Array.from({ length: 8 }, () => incr(store, 'k', 10_000, 3)), read(store, 'k'), read(store, 'none')]);
    const [expected, got] = await Promise.all([run(ref), run(batched)]);
    expect(got.map((r) => r.current)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 8, 0]);
    expect(got.map((r) => r.current)).toEqual(expected.map((r) => r.current));
    // Exact where the script computes the window, PTTL (a few ms apart) where it reads it.
    got.forEach((r, i) => expect(Math.abs(r.ttl - expected[i]!.ttl)).toBeLessThanOrEqual(50));
    expect(await redis.redis.get(redis.ns.key('ours') + ':GET/r-k')).toBe('8');
    await redis.redis.del(redis.ns.key('ours') + ':GET/r-k', redis.ns.key('ref') + ':GET/r-k');
  });

  it('honours each key its own window, max and flags within one batch', async () => {
    const root = ours();
    const short = root.child(route('/short') as never);
    const long = root.child(route('/long', { exponentialBackoff: true }) as never);
    const { calls, result } = await scriptCalls(() =>
      Promise.all([incr(short, 'a', 1_000, 1), incr(long, 'a', 5_000, 1), incr(short, 'a', 1_000, 1), incr(long, 'a', 5_000, 1), incr(long, 'a', 5_000, 1)]),
    );
    expect(calls).toBe(1);
    expect(result.map((r) => r.current)).toEqual([1, 1, 2, 2, 3]);
    expect(result[0]!.ttl).toBe(1_000);
    expect(result[1]!.ttl).toBe(5_000);
    expect(result[2]!.ttl).toBeLessThanOrEqual(1_000);
    // Over max with exponentialBackoff: the window doubles per extra hit.
    expect(result[3]!.ttl).toBe(5_000);
    expect(result[4]!.ttl).toBe(10_000);
  });

  it('sends the increments of one turn as one script call, and splits very large turns', async () => {
    const store = ours().child(route('/many') as never);
    const fire = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => incr(store, `ip${i % 7}`, 60_000, 1_000_000)));
    const oneTurn = await scriptCalls(() => fire(200));
    expect(oneTurn.calls).toBe(1);
    expect(oneTurn.result).toHaveLength(200);
    const large = await scriptCalls(() => fire(2 * MAX_RATE_LIMIT_BATCH + 1));
    expect(large.calls).toBe(3);
    // Every increment counted once: 7 keys, 200 + 1001 hits in all.
    const totals = await Promise.all(Array.from({ length: 7 }, (_, i) => read(store, `ip${i}`)));
    expect(totals.reduce((sum, t) => sum + t.current, 0)).toBe(200 + 2 * MAX_RATE_LIMIT_BATCH + 1);
  });

  it('fails every caller of a batch when Redis fails, and only the caller of a bad argument', async () => {
    const client = createRedis({ url: redis.url, connectionName: `${redis.ns.prefix}:closed` });
    await closeRedis(client);
    const dead = new (batchedRedisStore(client, redis.ns.key('dead') + ':'))({});
    const results = await Promise.allSettled([incr(dead, 'a', 1_000, 5), incr(dead, 'b', 2_000, 5), read(dead, 'c')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);

    const store = ours().child(route('/bad') as never);
    const mixed = await Promise.allSettled([incr(store, 'x', 1.5, 5), incr(store, 'x', 1_000, 5)]);
    expect(mixed.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
  });
});

/** A node: its own connections to the file's database and Redis namespace. */
async function buildNode(): Promise<FastifyInstance> {
  const deps = infra.deps();
  const node = Fastify();
  await node.register(dbPlugin, { db: deps.db });
  await node.register(busPlugin, deps.redis);
  await node.register(rateLimitPlugin);
  node.get('/five', { config: { rateLimit: { max: 5, timeWindow: 60_000 } } }, async () => ({ ok: true }));
  node.get('/two', { config: { rateLimit: { max: 2, timeWindow: 30_000 } } }, async () => ({ ok: true }));
  node.get('/shared', { config: { rateLimit: { max: 5, timeWindow: 60_000 } } }, async () => ({ ok: true }));
  await node.ready();
  return node;
}

describe('rateLimitPlugin on the batched store, through Fastify', () => {
  let app: FastifyInstance;
  let otherNode: FastifyInstance;
  beforeAll(async () => {
    [app, otherNode] = await Promise.all([buildNode(), buildNode()]);
  });
  afterAll(() => Promise.all([app.close(), otherNode.close()]));

  it('N concurrent requests count 1..N on the same key as RedisStore; the (max+1)th gets 429 RATE_LIMITED with Retry-After', async () => {
    const { calls, result: responses } = await scriptCalls(
      () => Promise.all(Array.from({ length: 6 }, () => app.inject({ method: 'GET', url: '/five' }))),
      app.redis,
    );
    expect(calls).toBe(1);
    const ok = responses.filter((r) => r.statusCode === 200);
    expect(ok.map((r) => Number(r.headers['x-ratelimit-remaining'])).sort()).toEqual([0, 1, 2, 3, 4]);
    const limited = responses.filter((r) => r.statusCode === 429);
    expect(limited).toHaveLength(1);
    expect(limited[0]!.json().code).toBe('RATE_LIMITED');
    expect(Number(limited[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited[0]!.headers['retry-after'])).toBeLessThanOrEqual(60);
    // RedisStore's key layout: nameSpace, method, url, '-', client key.
    expect(await redis.redis.get(redis.ns.key('rl') + ':GET/five-127.0.0.1')).toBe('6');
  });

  it('routes with different limits in the same batch each keep their own', async () => {
    const hit = (url: string) => app.inject({ method: 'GET', url });
    const responses = await Promise.all([...Array.from({ length: 4 }, () => hit('/two')), ...Array.from({ length: 4 }, () => hit('/five'))]);
    expect(responses.slice(0, 4).map((r) => r.statusCode).sort()).toEqual([200, 200, 429, 429]);
    // /five was used up by the previous test.
    expect(responses.slice(4).map((r) => r.statusCode)).toEqual([429, 429, 429, 429]);
    const ttl = await redis.redis.pttl(redis.ns.key('rl') + ':GET/two-127.0.0.1');
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('two nodes sharing Redis share one count, each batching its own requests', async () => {
    const hit = (node: FastifyInstance) => node.inject({ method: 'GET', url: '/shared' });
    const responses = await Promise.all([app, otherNode, app, otherNode, app, otherNode, app].map(hit));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });
});
