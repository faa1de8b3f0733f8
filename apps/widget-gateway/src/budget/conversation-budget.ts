import { rateLimited } from '@parley/contracts';
import type { RedisClient as Redis, RedisNamespace } from '@parley/bus';

/** A bot's per-conversation message budget (prisma: Bot.budget*). */
export interface ConversationBudget {
  /** Bucket capacity: messages a visitor may send in a burst. */
  burst: number;
  /** Tokens added per minute, continuously. */
  refillPerMin: number;
  /** Messages per conversation per UTC day, whatever the bucket says. */
  dailyCap: number;
}

export interface BudgetDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise when the next message would be (whole seconds, at least 1). */
  retryAfterSeconds: number;
  /** Which limit refused: the bucket or the day's cap. */
  limitedBy: 'burst' | 'daily_cap' | null;
  /** Whole tokens left in the bucket, and messages left today, after this call. */
  tokensLeft: number;
  dailyLeft: number;
}

export const botBudget = (bot: { budgetBurst: number; budgetRefillPerMin: number; budgetDailyCap: number }): ConversationBudget => ({
  burst: bot.budgetBurst,
  refillPerMin: bot.budgetRefillPerMin,
  dailyCap: bot.budgetDailyCap,
});

const DAY_MS = 86_400_000;

/**
 * One key per bucket, a hash {tokens, ts, day, used}, read and written in one script, so any
 * number of nodes share one bucket without races. Time is Redis' own clock (TIME), not the
 * nodes': every node sees the same refill whatever their clocks say. The key lives until the
 * bucket is full again and the day is over, whichever is later; then it is as if new.
 *
 * The script takes several buckets (3 arguments each) and spends one token from each in order,
 * stopping at the first that refuses: a socket message checks its sender's bucket and then its
 * conversation's in one round trip, and a sender over their limit spends nothing of the
 * conversation's budget. It answers for the refusing bucket, or for the last one.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local today = math.floor(now / ${DAY_MS})
local untilTomorrow = (today + 1) * ${DAY_MS} - now
local answer
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[i * 3 - 2])
  local rate = tonumber(ARGV[i * 3 - 1]) / 60000
  local cap = tonumber(ARGV[i * 3])
  local h = redis.call('HMGET', KEYS[i], 'tokens', 'ts', 'day', 'used')
  local tokens = tonumber(h[1]) or capacity
  local ts = tonumber(h[2]) or now
  local used = tonumber(h[4]) or 0
  if tonumber(h[3]) ~= today then used = 0 end
  if now > ts then tokens = math.min(capacity, tokens + (now - ts) * rate); ts = now end
  local allowed, retry, reason = 1, 0, ''
  if used >= cap then
    allowed, retry, reason = 0, untilTomorrow, 'daily_cap'
  elseif tokens < 1 then
    allowed, reason = 0, 'burst'
    if rate > 0 then retry = math.ceil((1 - tokens) / rate) else retry = untilTomorrow end
  else
    tokens = tokens - 1
    used = used + 1
  end
  redis.call('HSET', KEYS[i], 'tokens', tostring(tokens), 'ts', ts, 'day', today, 'used', used)
  local untilFull = 0
  if rate > 0 then untilFull = math.ceil((capacity - tokens) / rate) end
  redis.call('PEXPIRE', KEYS[i], math.max(untilFull, untilTomorrow) + 1000)
  answer = {i, allowed, retry, reason, math.floor(tokens), math.max(0, cap - used)}
  if allowed == 0 then return answer end
end
return answer
`;

/**
 * Gives back the token a message took, for a send that turned out to be a retry of a stored one
 * (same client_message_id): the first attempt already paid. Capped at the bucket's capacity; a
 * bucket that expired meanwhile is full anyway and is left alone.
 */
const REFUND_SCRIPT = `
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    local capacity = tonumber(ARGV[i])
    local h = redis.call('HMGET', KEYS[i], 'tokens', 'used')
    local tokens = math.min(capacity, (tonumber(h[1]) or capacity) + 1)
    local used = math.max(0, (tonumber(h[2]) or 0) - 1)
    redis.call('HSET', KEYS[i], 'tokens', tostring(tokens), 'used', used)
  end
end
return 1
`;

type BudgetRedis = Redis & {
  parleyRefundTokens(numKeys: number, ...args: (string | number)[]): Promise<number>;
  /** Keys first: `numKeys, ...keys, ...(burst, refillPerMin, dailyCap) per key`. */
  parleyTokenBuckets(numKeys: number, ...args: (string | number)[]): Promise<[number, number, number, string, number, number]>;
};

function withBudgetCommand(redis: Redis): BudgetRedis {
  const r = redis as BudgetRedis;
  // ioredis sends EVALSHA and falls back to EVAL once per connection when the script is unknown.
  // No numberOfKeys: the first argument says how many keys follow.
  if (typeof r.parleyTokenBuckets !== 'function') r.defineCommand('parleyTokenBuckets', { lua: SCRIPT });
  if (typeof r.parleyRefundTokens !== 'function') r.defineCommand('parleyRefundTokens', { lua: REFUND_SCRIPT });
  return r;
}

export const conversationBudgetKey = (ns: RedisNamespace, conversationId: string) => ns.key('budget', 'conv', conversationId);

/**
 * Spends one message of a conversation's budget, or says when one will be available. Called by
 * `/v1/widget/messages`, `/messages/stream` and the socket's `send_message` before storing the
 * visitor's message; a refused message is not stored (the caller answers 429 via
 * `assertConversationBudget`, or an `error` event).
 */
export function consumeConversationBudget(
  redis: Redis,
  ns: RedisNamespace,
  conversationId: string,
  budget: ConversationBudget,
): Promise<BudgetDecision> {
  return consumeTokenBucket(redis, conversationBudgetKey(ns, conversationId), budget);
}

/**
 * The socket's per-sender limit (reference: messages are limited per external_id): one bucket
 * per end user, whatever conversation or node their messages go through.
 */
export const SENDER_MESSAGE_BUDGET: ConversationBudget = { burst: 10, refillPerMin: 30, dailyCap: 5_000 };
export const senderBudgetKey = (ns: RedisNamespace, orgId: string, externalId: string) => ns.key('budget', 'sender', orgId, externalId);

/** One token from the bucket under `key` (same script, same Redis clock, any number of nodes). */
export async function consumeTokenBucket(redis: Redis, key: string, budget: ConversationBudget): Promise<BudgetDecision> {
  return (await consumeTokenBuckets(redis, [{ key, budget }])).decision;
}

/**
 * One token from each bucket, in order, in one round trip, stopping at the first refusal:
 * `refusedBy` is its index (null when every bucket gave one), `decision` is about that bucket,
 * or about the last one when all allowed.
 */
export async function consumeTokenBuckets(
  redis: Redis,
  buckets: readonly { key: string; budget: ConversationBudget }[],
): Promise<{ refusedBy: number | null; decision: BudgetDecision }> {
  const args = buckets.flatMap(({ budget }) => [
    Math.max(0, Math.floor(budget.burst)),
    Math.max(0, budget.refillPerMin),
    Math.max(0, Math.floor(budget.dailyCap)),
  ]);
  const [index, allowed, retryMs, reason, tokensLeft, dailyLeft] = await withBudgetCommand(redis).parleyTokenBuckets(
    buckets.length,
    ...buckets.map((b) => b.key),
    ...args,
  );
  return {
    refusedBy: allowed === 1 ? null : index - 1,
    decision: {
      allowed: allowed === 1,
      retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(retryMs / 1000)),
      limitedBy: reason === 'burst' || reason === 'daily_cap' ? reason : null,
      tokensLeft,
      dailyLeft,
    },
  };
}

/** Returns one token to each bucket (see REFUND_SCRIPT): for a send that was a duplicate. */
export async function refundTokenBuckets(redis: Redis, buckets: readonly { key: string; budget: ConversationBudget }[]): Promise<void> {
  if (!buckets.length) return;
  await withBudgetCommand(redis).parleyRefundTokens(buckets.length, ...buckets.map((b) => b.key), ...buckets.map((b) => Math.max(0, Math.floor(b.budget.burst))));
}

/** The same, throwing 429 RATE_LIMITED with Retry-After when the budget is spent. */
export async function assertConversationBudget(...args: Parameters<typeof consumeConversationBudget>): Promise<BudgetDecision> {
  const decision = await consumeConversationBudget(...args);
  if (!decision.allowed) throw budgetExceeded(decision);
  return decision;
}

/** 429 RATE_LIMITED for a conversation whose bot budget is spent. */
export function budgetExceeded(decision: BudgetDecision) {
  const why = decision.limitedBy === 'daily_cap' ? "this conversation's messages for today are used up" : 'too many messages in a short time';
  return rateLimited(decision.retryAfterSeconds, `Message budget exceeded: ${why}`);
}
