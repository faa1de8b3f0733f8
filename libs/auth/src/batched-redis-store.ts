import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { RedisClient } from '@parley/bus';

/**
 * The counting of @fastify/rate-limit's RedisStore (v11: `lua` and `luaRead` in
 * store/RedisStore.js), over every key of a batch in order. The distinct parameter sets come
 * first, as most batches hold one route's requests: ARGV[1] = their number n, then per set p
 * ARGV[3p-1], ARGV[3p], ARGV[3p+1] = time window (ms), max, mode; then per key i, ARGV[1+3n+i] =
 * its set. Mode -1 reads without counting; 0..3 increments, with bit 1 = continueExceeding and
 * bit 2 = exponentialBackoff. Returns a flat array: current, ttl per key. A key repeated in one
 * batch is counted once per occurrence.
 */
const BATCH_LUA = `
local MAX_SAFE_INTEGER = (2^53) - 1
local sets = tonumber(ARGV[1])
local out = {}
for i, key in ipairs(KEYS) do
  local p = tonumber(ARGV[1 + 3 * sets + i])
  local timeWindow = tonumber(ARGV[3 * p - 1])
  local max = tonumber(ARGV[3 * p])
  local mode = tonumber(ARGV[3 * p + 1])
  local current
  if mode < 0 then
    current = redis.call('GET', key)
    if current then
      current = tonumber(current)
      timeWindow = redis.call('PTTL', key)
      if timeWindow < 0 then timeWindow = 0 end
    else
      current = 0
      timeWindow = 0
    end
  else
    local continueExceeding = mode % 2 == 1
    local exponentialBackoff = mode >= 2
    current = redis.call('INCR', key)
    if current == 1 or (continueExceeding and current > max) then
      redis.call('PEXPIRE', key, timeWindow)
    elseif exponentialBackoff and current > max then
      timeWindow = math.min(timeWindow * (2 ^ (current - max - 1)), MAX_SAFE_INTEGER)
      redis.call('PEXPIRE', key, timeWindow)
    else
      timeWindow = redis.call('PTTL', key)
    end
  end
  out[2 * i - 1] = current
  out[2 * i] = timeWindow
end
return out
`;

/** No numberOfKeys: the first argument of each call is the key count, so a batch can be any size. */
const COMMAND = 'parleyRateLimitBatch';
const READ = -1;
/** A turn that brings more than this sends several script calls rather than one huge one. */
export const MAX_RATE_LIMIT_BATCH = 500;

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;
type BatchCommand = (...args: Array<string | number>) => Promise<number[]>;
interface Pending {
  key: string;
  timeWindow: number;
  max: number;
  mode: number;
  cb: Callback;
}
interface CountingOptions {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
}

const incrMode = (o: CountingOptions) => (o.continueExceeding ? 1 : 0) + (o.exponentialBackoff ? 2 : 0);

/**
 * Why: RedisStore runs one EVALSHA per limited request; on a cheap route (2 cores) that held it
 * at 49.5% of bare Fastify's throughput, and one script call per turn reached 70%. Here every
 * count asked for in one turn of the event loop goes out as one script call over all its keys
 * (one round trip, one script run instead of one per request), flushed on setImmediate (so the
 * requests read in one poll phase share it) or at MAX_RATE_LIMIT_BATCH. Counting stays in Redis
 * and atomic per script, so limits still hold across nodes.
 *
 * The script touches several keys: on Redis Cluster they would need one hash tag (`{rl}`) in
 * the prefix to live in one slot. We run a single Redis today.
 */
export class RateLimitBatch {
  private pending: Pending[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private readonly command: BatchCommand;

  constructor(private readonly redis: RedisClient) {
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { lua: BATCH_LUA });
    this.command = (redis as unknown as Record<string, BatchCommand>)[COMMAND]!;
  }

  add(key: string, timeWindow: number, max: number, mode: number, cb: Callback): void {
    // Checked here and not left to Redis: a bad argument would fail the script, and with it
    // every request of the batch instead of only the one route that passed it.
    if (mode !== READ && (!Number.isSafeInteger(timeWindow) || !Number.isFinite(max))) {
      cb(new Error(`rate limit needs an integer timeWindow and a finite max, got ${timeWindow} and ${max}`));
      return;
    }
    if (this.pending.push({ key, timeWindow, max, mode, cb }) >= MAX_RATE_LIMIT_BATCH) this.flush();
    else this.scheduled ??= setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const args: Array<string | number> = [batch.length];
    for (const p of batch) args.push(p.key);
    const sets = new Map<string, number>();
    const setOf: number[] = [];
    const params: number[] = [];
    for (const p of batch) {
      const id = `${p.timeWindow}:${p.max}:${p.mode}`;
      let set = sets.get(id);
      if (set === undefined) {
        sets.set(id, (set = sets.size + 1));
        params.push(p.timeWindow, p.max, p.mode);
      }
      setOf.push(set);
    }
    args.push(sets.size, ...params, ...setOf);
    this.command.apply(this.redis, args).then(
      (flat) => batch.forEach((p, i) => p.cb(null, { current: flat[2 * i]!, ttl: flat[2 * i + 1]! })),
      // skipOnError is false: each request of the batch then fails (500), as with RedisStore.
      (err: Error) => batch.forEach((p) => p.cb(err)),
    );
  };
}

/**
 * What the plugin really hands to `child()` (index.js, mergeParams): the route's merged limit
 * options plus `routeInfo`, the route. Its d.ts calls that argument RouteOptions.
 */
interface ChildOptions extends CountingOptions {
  routeInfo: { method?: string; url?: string };
}
type DeclaredChildOptions = Parameters<FastifyRateLimitStore['child']>[0];

export class BatchedRedisStore implements FastifyRateLimitStore {
  constructor(
    private readonly batch: RateLimitBatch,
    readonly key: string,
    private readonly mode: number,
  ) {}

  incr(ip: string, cb: Callback, timeWindow: number, max: number): void {
    this.batch.add(this.key + ip, timeWindow, max, this.mode, cb);
  }

  /** `{ increment: false }`: batched with the increments, so it sees those asked for before it. */
  read(ip: string, cb: Callback): void {
    this.batch.add(this.key + ip, 0, 0, READ, cb);
  }

  /** Same key layout as RedisStore, so counters (and their semantics) are unchanged. */
  child(declared: DeclaredChildOptions): BatchedRedisStore {
    const routeOptions = declared as unknown as ChildOptions;
    const { method, url } = routeOptions.routeInfo;
    return new BatchedRedisStore(this.batch, `${this.key}${method}${url}-`, incrMode(routeOptions));
  }
}

/**
 * The plugin's `store` option is a class it calls `new Store(globalParams)` on; this closes over
 * the client and the key prefix (RedisStore's `nameSpace`).
 */
export function batchedRedisStore(redis: RedisClient, prefix: string): new (globalParams: CountingOptions) => BatchedRedisStore {
  const batch = new RateLimitBatch(redis);
  return class extends BatchedRedisStore {
    constructor(globalParams: CountingOptions) {
      super(batch, prefix, incrMode(globalParams));
    }
  };
}
