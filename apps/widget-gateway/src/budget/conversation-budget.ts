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
 * One key per conversation, a hash {tokens, ts, day, used}, read and written in one script, so
 * any number of nodes share one bucket without races. Time is Redis' own clock (TIME), not the
 * nodes': every node sees the same refill whatever their clocks say. The key lives until the
 * bucket is full again and the day is over, whichever is later; then it is as if new.
 */
const SCRIPT = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / 60000
local cap = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local today = math.floor(now / ${DAY_MS})
local h = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'day', 'used')
local tokens = tonumber(h[1]) or capacity
local ts = tonumber(h[2]) or now
local used = tonumber(h[4]) or 0
if tonumber(h[3]) ~= today then used = 0 end
if now > ts then tokens = math.min(capacity, tokens + (now - ts) * rate); ts = now end
local untilTomorrow = (today + 1) * ${DAY_MS} - now
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
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', ts, 'day', today, 'used', used)
local untilFull = 0
if rate > 0 then untilFull = math.ceil((capacity - tokens) / rate) end
redis.call('PEXPIRE', KEYS[1], math.max(untilFull, untilTomorrow) + 1000)
return {allowed, retry, reason, math.floor(tokens), math.max(0, cap - used)}
`;

type BudgetRedis = Redis & {
  parleyConversationBudget(key: string, burst: number, refillPerMin: number, dailyCap: number): Promise<[number, number, string, number, number]>;
};

function withBudgetCommand(redis: Redis): BudgetRedis {
  const r = redis as BudgetRedis;
  // ioredis sends EVALSHA and falls back to EVAL once per connection when the script is unknown.
  if (typeof r.parleyConversationBudget !== 'function') r.defineCommand('parleyConversationBudget', { numberOfKeys: 1, lua: SCRIPT });
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
  const [allowed, retryMs, reason, tokensLeft, dailyLeft] = await withBudgetCommand(redis).parleyConversationBudget(
    key,
    Math.max(0, Math.floor(budget.burst)),
    Math.max(0, budget.refillPerMin),
    Math.max(0, Math.floor(budget.dailyCap)),
  );
  return {
    allowed: allowed === 1,
    retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(retryMs / 1000)),
    limitedBy: reason === 'burst' || reason === 'daily_cap' ? reason : null,
    tokensLeft,
    dailyLeft,
  };
}

/** The same, throwing 429 RATE_LIMITED with Retry-After when the budget is spent. */
export async function assertConversationBudget(...args: Parameters<typeof consumeConversationBudget>): Promise<BudgetDecision> {
  const decision = await consumeConversationBudget(...args);
  if (!decision.allowed) {
    const why = decision.limitedBy === 'daily_cap' ? "this conversation's messages for today are used up" : 'too many messages in a short time';
    throw rateLimited(decision.retryAfterSeconds, `Message budget exceeded: ${why}`);
  }
  return decision;
}
