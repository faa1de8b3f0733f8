import type { RedisClient, RedisNamespace } from './redis';

/**
 * Who is connected, across every gateway node. A subject (an end user or an agent) is online
 * while at least one of its sockets has an unexpired entry. Each subject is one sorted set
 * `<prefix>:presence:<subject>` whose members are `<nodeId>:<socketId>` scored by their expiry
 * time: a node that dies without saying goodbye simply stops refreshing, and its sockets expire.
 * Times come from Redis's own clock (TIME inside the scripts), so nodes' clocks need not agree.
 */

/** `end_user:<orgId>:<id>` / `agent:<orgId>:<id>`: the one place these strings are built. */
export const presenceSubject = {
  endUser: (orgId: string, endUserId: string) => `end_user:${orgId}:${endUserId}`,
  agent: (orgId: string, agentId: string) => `agent:${orgId}:${agentId}`,
};

/** One connection of a subject: which node holds it and the socket's id there. */
export const presenceMember = (nodeId: string, socketId: string) => `${nodeId}:${socketId}`;

const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)`;

// Adds or renews one member; returns 1 when the subject had no live member before (came online).
// The key expires with its longest-lived member, so idle subjects leave nothing behind.
const TOUCH = `${NOW_MS}
local before = redis.call('ZCARD', KEYS[1])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], tonumber(last[2]))
if before == 0 then return 1 end
return 0`;

// Removes one member; returns 1 when that leaves the subject with no live member (went offline).
const LEAVE = `local removed = redis.call('ZREM', KEYS[1], ARGV[1])
${NOW_MS}
if removed == 1 and redis.call('ZCARD', KEYS[1]) == 0 then return 1 end
return 0`;

const COUNT = `${NOW_MS}
return redis.call('ZCARD', KEYS[1])`;

interface PresenceCommands {
  parleyPresenceTouch(key: string, member: string, ttlMs: number): Promise<number>;
  parleyPresenceLeave(key: string, member: string): Promise<number>;
  parleyPresenceCount(key: string): Promise<number>;
}

/** Commands per pipeline in `refreshMany`: big enough to batch, small enough not to hog Redis. */
const PRESENCE_BATCH = 100;

export class PresenceStore {
  private readonly commands: PresenceCommands;

  constructor(
    private readonly redis: RedisClient,
    private readonly ns: RedisNamespace,
  ) {
    // defineCommand sends EVALSHA and falls back to EVAL once per connection: one round trip each.
    const client = redis as RedisClient & Partial<PresenceCommands>;
    if (!client.parleyPresenceTouch) {
      redis.defineCommand('parleyPresenceTouch', { numberOfKeys: 1, lua: TOUCH });
      redis.defineCommand('parleyPresenceLeave', { numberOfKeys: 1, lua: LEAVE });
      redis.defineCommand('parleyPresenceCount', { numberOfKeys: 1, lua: COUNT });
    }
    this.commands = client as unknown as PresenceCommands;
  }

  key(subject: string): string {
    return this.ns.key('presence', subject);
  }

  /** A socket connected. True when the subject came online with it (its first live socket). */
  async connect(subject: string, member: string, ttlMs: number): Promise<boolean> {
    if (!Number.isInteger(ttlMs) || ttlMs < 1) throw new RangeError('ttlMs must be a positive integer');
    return (await this.commands.parleyPresenceTouch(this.key(subject), member, ttlMs)) === 1;
  }

  /**
   * The heartbeat: call well within `ttlMs` (e.g. every ttl/3). Re-adds a member that already
   * expired, so a long pause only shows as offline in between; true if it came back online.
   */
  refresh(subject: string, member: string, ttlMs: number): Promise<boolean> {
    return this.connect(subject, member, ttlMs);
  }

  /** A socket went away. True when that was the subject's last live socket (it went offline). */
  async disconnect(subject: string, member: string): Promise<boolean> {
    return (await this.commands.parleyPresenceLeave(this.key(subject), member)) === 1;
  }

  /** Live sockets of the subject (expired ones are pruned on the way). */
  connections(subject: string): Promise<number> {
    return this.commands.parleyPresenceCount(this.key(subject));
  }

  async isOnline(subject: string): Promise<boolean> {
    return (await this.connections(subject)) > 0;
  }

  /**
   * `refresh` for many connections at once, PRESENCE_BATCH to a pipeline (small, so Redis serves other clients between them): a node's heartbeat
   * renews every socket it holds, and one command per socket (thousands, each its own socket
   * write and reply) stalled the node's event loop for tens of milliseconds every heartbeat
   * (measured: docs/benchmarks.md, issue 5). Answers per entry, true where it came back online.
   */
  async refreshMany(entries: readonly { subject: string; member: string }[], ttlMs: number): Promise<boolean[]> {
    if (!Number.isInteger(ttlMs) || ttlMs < 1) throw new RangeError('ttlMs must be a positive integer');
    const answers: boolean[] = [];
    for (let i = 0; i < entries.length; i += PRESENCE_BATCH) {
      const pipeline = this.redis.pipeline() as unknown as PresenceCommands & { exec(): Promise<[Error | null, unknown][] | null> };
      for (const e of entries.slice(i, i + PRESENCE_BATCH)) void pipeline.parleyPresenceTouch(this.key(e.subject), e.member, ttlMs);
      for (const [err, came] of (await pipeline.exec()) ?? []) {
        if (err) throw err;
        answers.push(Number(came) === 1);
      }
    }
    return answers;
  }

  /** `isOnline` for many subjects in one round trip (a pipeline). */
  async areOnline(subjects: string[]): Promise<boolean[]> {
    if (!subjects.length) return [];
    const pipeline = this.redis.pipeline() as unknown as PresenceCommands & { exec(): Promise<[Error | null, unknown][] | null> };
    for (const subject of subjects) void pipeline.parleyPresenceCount(this.key(subject));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([err, count]) => {
      if (err) throw err;
      return Number(count) > 0;
    });
  }
}
