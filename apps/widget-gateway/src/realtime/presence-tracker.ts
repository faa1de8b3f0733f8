import { Topics } from '@parley/contracts';
import { PresenceStore, presenceMember, presenceSubject, type EventBus, type RedisClient, type RedisNamespace } from '@parley/bus';
import { isAgent, type RealtimeClient } from './realtime-client';

export interface PresenceTiming {
  /** A connection's entry lives this long unless refreshed: how long a crashed node's agents stay online. */
  ttlMs: number;
  /** Refresh (and sweep for agents whose connections all expired) this often. */
  heartbeatMs: number;
}
export const DEFAULT_PRESENCE_TIMING: PresenceTiming = { ttlMs: 30_000, heartbeatMs: 10_000 };

interface Tracked {
  subjects: Set<string>;
  /** Which of the HEARTBEAT_SLICES ticks of a heartbeat renews this connection. */
  slice: number;
}

/**
 * The heartbeat renews a tenth of the node's connections every tenth of `heartbeatMs`, so each is
 * still renewed once per heartbeat but never all at once: renewing thousands together stalled
 * the node and Redis for ~100 ms every heartbeat (docs/benchmarks.md, issue 5).
 */
const HEARTBEAT_SLICES = 10;

/**
 * Presence in Redis for agents (the inbox's "who is online", `agent_status_changed`) and end users
 * (whether a push is needed). A subject is online while any connection on any node has a live
 * entry; entries are refreshed by this node's heartbeat, so a node that dies takes its entries
 * with it after `ttlMs`. Agents seen online are also kept in one set, which every node's
 * heartbeat sweeps: the first to find an agent with no live entry left announces them offline.
 */
export class PresenceTracker {
  private readonly store: PresenceStore;
  private readonly tracked = new Map<RealtimeClient, Tracked>();
  private readonly timer: NodeJS.Timeout;
  private tick = 0;
  private nextSlice = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly ns: RedisNamespace,
    private readonly events: Pick<EventBus, 'publish'>,
    private readonly nodeId: string,
    private readonly timing: PresenceTiming,
    private readonly onError: (err: unknown) => void,
  ) {
    this.store = new PresenceStore(redis, ns);
    this.timer = setInterval(() => void this.heartbeat().catch(onError), Math.max(1, Math.floor(timing.heartbeatMs / HEARTBEAT_SLICES)));
    this.timer.unref();
  }

  private get agentsKey() {
    return this.ns.key('presence-agents');
  }

  private member(client: RealtimeClient) {
    return presenceMember(this.nodeId, client.id);
  }

  /** An agent connected: online now if this is their first live connection anywhere. */
  async agentConnected(client: RealtimeClient): Promise<void> {
    if (!isAgent(client)) return;
    const { orgId, userId } = client.identity;
    const subject = presenceSubject.agent(orgId, userId);
    this.track(client, subject);
    const cameOnline = await this.store.connect(subject, this.member(client), this.timing.ttlMs);
    await this.redis.sadd(this.agentsKey, subject);
    if (cameOnline) await this.announce(orgId, userId, 'online');
  }

  /** An end user's connection is known (token or proven external id): pushes can wait. */
  async endUserConnected(client: RealtimeClient, orgId: string, endUserId: string): Promise<void> {
    const subject = presenceSubject.endUser(orgId, endUserId);
    if (this.tracked.get(client)?.subjects.has(subject)) return;
    this.track(client, subject);
    await this.store.connect(subject, this.member(client), this.timing.ttlMs);
  }

  async disconnected(client: RealtimeClient): Promise<void> {
    const tracked = this.tracked.get(client);
    this.tracked.delete(client);
    if (!tracked) return;
    for (const subject of tracked.subjects) {
      const wentOffline = await this.store.disconnect(subject, this.member(client));
      if (wentOffline && isAgent(client) && (await this.redis.srem(this.agentsKey, subject)) === 1) {
        await this.announce(client.identity.orgId, client.identity.userId, 'offline');
      }
    }
  }

  /** Online agent ids of an organization (for `join_org_presence`'s acknowledgement). */
  async onlineAgents(orgId: string): Promise<string[]> {
    const prefix = presenceSubject.agent(orgId, '');
    const subjects = (await this.redis.smembers(this.agentsKey)).filter((s) => s.startsWith(prefix));
    const live = await Promise.all(subjects.map(async (s) => ((await this.store.isOnline(s)) ? s.slice(prefix.length) : null)));
    return live.filter((id): id is string => id !== null);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private track(client: RealtimeClient, subject: string) {
    let t = this.tracked.get(client);
    if (!t) this.tracked.set(client, (t = { subjects: new Set(), slice: this.nextSlice++ % HEARTBEAT_SLICES }));
    t.subjects.add(subject);
  }

  private async heartbeat(): Promise<void> {
    const slice = this.tick++ % HEARTBEAT_SLICES;
    await this.store.refreshMany(
      [...this.tracked]
        .filter(([, t]) => t.slice === slice)
        .flatMap(([client, t]) => [...t.subjects].map((subject) => ({ subject, member: this.member(client) }))),
      this.timing.ttlMs,
    );
    // The sweep once per heartbeat, as before.
    if (slice !== 0) return;
    // Agents whose every connection expired (their node died): announce them offline, once.
    const agents = await this.redis.smembers(this.agentsKey);
    const online = await this.store.areOnline(agents);
    for (const [i, subject] of agents.entries()) {
      if (online[i]) continue;
      if ((await this.redis.srem(this.agentsKey, subject)) !== 1) continue;
      const [, orgId, agentId] = subject.split(':');
      if (orgId && agentId) await this.announce(orgId, agentId, 'offline');
    }
  }

  private announce(orgId: string, agentId: string, status: 'online' | 'offline') {
    return this.events.publish(Topics.agentPresenceChanged, { orgId, agentId, status }, { requestId: `presence-${this.nodeId}` });
  }
}
