import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient, RedisNamespace } from '@parley/bus';
import type { UserRole } from '@parley/contracts';
import { asOrgId, type OrgId } from '@parley/db';

export interface AgentSession {
  userId: string;
  orgId: OrgId;
  role: UserRole;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface CreatedSession {
  /** The cookie value. Only its hash is stored, so a Redis dump does not hand out live sessions. */
  sessionId: string;
  session: AgentSession;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const randomId = () => randomBytes(32).toString('base64url');

/**
 * Agent sessions in Redis, so any node of any service can check a cookie. Each user also has a
 * set of their session hashes, which is how a password change ends all their other sessions.
 */
export class SessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly ns: RedisNamespace,
    readonly ttlSeconds: number,
  ) {}

  private sessionKey(hash: string) {
    return this.ns.key('sess', hash);
  }
  private userKey(userId: string) {
    return this.ns.key('user-sess', userId);
  }

  async create(user: { id: string; orgId: string; role: UserRole }): Promise<CreatedSession> {
    const sessionId = randomId();
    const now = Date.now();
    const session: AgentSession = {
      userId: user.id,
      orgId: asOrgId(user.orgId),
      role: user.role,
      csrfToken: randomId(),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.ttlSeconds * 1000).toISOString(),
    };
    const hash = sha256(sessionId);
    await this.redis
      .multi()
      .set(this.sessionKey(hash), JSON.stringify(session), 'EX', this.ttlSeconds)
      .sadd(this.userKey(user.id), hash)
      .expire(this.userKey(user.id), this.ttlSeconds)
      .exec();
    return { sessionId, session };
  }

  async get(sessionId: string): Promise<AgentSession | null> {
    if (!sessionId || sessionId.length > 128) return null;
    const raw = await this.redis.get(this.sessionKey(sha256(sessionId)));
    return raw ? (JSON.parse(raw) as AgentSession) : null;
  }

  async destroy(sessionId: string, userId: string): Promise<void> {
    const hash = sha256(sessionId);
    await this.redis.multi().del(this.sessionKey(hash)).srem(this.userKey(userId), hash).exec();
  }

  /** Ends every session of a user, or every one but `keepSessionId`. Returns how many ended. */
  async destroyAllForUser(userId: string, keepSessionId?: string): Promise<number> {
    const keep = keepSessionId ? sha256(keepSessionId) : undefined;
    const hashes = (await this.redis.smembers(this.userKey(userId))).filter((h) => h !== keep);
    if (hashes.length === 0) return 0;
    const tx = this.redis.multi();
    for (const h of hashes) tx.del(this.sessionKey(h)).srem(this.userKey(userId), h);
    await tx.exec();
    return hashes.length;
  }
}
