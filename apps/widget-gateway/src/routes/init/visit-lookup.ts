import DataLoader from 'dataloader';
import type { FastifyBaseLogger } from 'fastify';
import { Topics } from '@parley/contracts';
import type { EventBus } from '@parley/bus';
import {
  DbChannels,
  listenForChanges,
  widgetVisitorRepository,
  type ChangeListener,
  type CreatedVisitor,
  type Db,
  type NewVisitor,
  type OrgId,
  type VisitorSnapshot,
} from '@parley/db';
import { WriteBehindBuffer } from '../../write-behind/write-behind-buffer';
import { VisitCache, type CachedVisit } from './visit-cache';

/** Rows per INSERT when many new visitors arrive at once. */
const MAX_VISITORS_PER_INSERT = 200;
/** `last_seen_at` is for people reading the inbox: a few seconds late is fine, a write per page view is not. */
const LAST_SEEN_FLUSH_MS = 5_000;
/**
 * Returning visitors' answers are kept this long per node: long enough to cover a visitor
 * browsing a few pages, short enough to bound a change nobody announced.
 */
const VISIT_CACHE_TTL_MS = 30_000;
/** 16 MiB of serialized messages per node: some 2,500 conversations of 30 messages. */
const VISIT_CACHE_MAX_BYTES = 16 * 1024 * 1024;
/** And at most this many visitors (the same bound as the reused widget tokens'). */
const VISIT_CACHE_MAX_ENTRIES = 50_000;

export interface VisitLookupOptions {
  /** Every message stored anywhere reaches every node here; the cache drops what it changes. */
  events: EventBus;
  /** For the end-user identity LISTEN; without it (some tests) nothing is cached. */
  databaseUrl: string | undefined;
}

export interface LastSeen {
  orgId: OrgId;
  endUserId: string;
}

/**
 * The database side of `/init`'s common cases, built to cost one round trip each and to share
 * round trips between concurrent requests:
 *
 * - `create`: new visitors. Concurrent calls are gathered until the event loop's current I/O
 *   phase ends (`setImmediate`) and go to Postgres as one INSERT of end users and their
 *   conversations. Each caller still waits for its own row to be committed.
 * - `snapshot`: a returning visitor's end user, conversation and newest messages, one statement.
 * - `seen`: `last_seen_at`, written behind in batches.
 * - `cached` / `remember`: a returning visitor's answer kept per node (`VisitCache`), used only
 *   while both feeds that keep it correct are connected.
 */
export class VisitLookup {
  private readonly creator: DataLoader<NewVisitor, CreatedVisitor | null>;
  private readonly lastSeen: WriteBehindBuffer<LastSeen>;
  private readonly repo: ReturnType<typeof widgetVisitorRepository>;
  private readonly cache = new VisitCache({ ttlMs: VISIT_CACHE_TTL_MS, maxBytes: VISIT_CACHE_MAX_BYTES, maxEntries: VISIT_CACHE_MAX_ENTRIES });
  private identities: ChangeListener | undefined;
  private stops: (() => unknown)[] = [];

  constructor(
    db: Db,
    private readonly log: FastifyBaseLogger,
    private readonly opts: VisitLookupOptions,
  ) {
    this.repo = widgetVisitorRepository(db);
    this.creator = new DataLoader(
      async (visitors) => {
        // An external id is unique per organization, so (org, external id) names each caller's row.
        // Two tabs of one visitor can land in one batch: they share a row rather than collide.
        const keyOf = (v: { orgId: string; externalId: string }) => `${v.orgId}:${v.externalId}`;
        const unique = [...new Map(visitors.map((v) => [keyOf(v), v])).values()];
        const created = new Map((await this.repo.createMany(unique)).map((c) => [keyOf(c), c]));
        return visitors.map((v) => created.get(keyOf(v)) ?? null);
      },
      { cache: false, maxBatchSize: MAX_VISITORS_PER_INSERT, batchScheduleFn: (run) => setImmediate(run) },
    );
    this.lastSeen = new WriteBehindBuffer<LastSeen>((rows) => this.repo.touchLastSeen(rows), log, {
      flushIntervalMs: LAST_SEEN_FLUSH_MS,
      maxBatch: 1_000,
      maxBuffered: 100_000,
      what: 'end user last_seen_at',
    });
  }

  /**
   * The new end user and conversation, or null: the external id is taken, or the batch's
   * statement failed (one bad row fails them all). Either way the caller takes the careful,
   * one-visitor path, which judges this visitor alone.
   */
  create(visitor: NewVisitor): Promise<CreatedVisitor | null> {
    return this.creator.load(visitor).catch(() => null);
  }

  snapshot(orgId: OrgId, channelId: string, externalId: string, messages: number): Promise<VisitorSnapshot | null> {
    return this.repo.snapshot(orgId, channelId, externalId, messages);
  }

  seen(row: LastSeen): void {
    this.lastSeen.add([row]);
  }

  /** Subscribes the cache to what changes it. Call once, before serving (onReady). */
  async start(): Promise<void> {
    if (!this.opts.databaseUrl) return;
    const forgetAll = () => this.cache.forgetAll();
    this.stops.push(this.opts.events.onGap(forgetAll));
    this.stops.push(await this.opts.events.subscribe(Topics.messageCreated, (e) => this.cache.messageStored(e.conversationId)));
    this.identities = listenForChanges({
      databaseUrl: this.opts.databaseUrl,
      channel: DbChannels.endUserIdentity,
      onChange: (payload) => {
        const at = payload.indexOf(':');
        if (at > 0) this.cache.identityChanged(payload.slice(0, at), payload.slice(at + 1));
        else forgetAll();
      },
      onGap: forgetAll,
      onError: (err) => this.log.warn({ err }, 'end user change listener: connection problem; /init reads every visitor from the database meanwhile'),
    });
    await this.identities.ready;
  }

  /** A returning visitor's kept answer, if any and if the cache can be trusted right now. */
  cached(orgId: OrgId, channelId: string, externalId: string): CachedVisit | undefined {
    if (!this.identities?.listening || !this.opts.events.receiving) return undefined;
    return this.cache.get(orgId, channelId, externalId);
  }

  /** Call before reading a visitor that may be remembered; pass the result to `remember`. */
  startLoad(): number {
    return this.cache.startLoad();
  }

  remember(orgId: OrgId, channelId: string, externalId: string, startedAt: number, visit: CachedVisit): void {
    if (this.identities) this.cache.store(orgId, channelId, externalId, startedAt, visit);
  }

  /** Writes the `last_seen_at`s still waiting; call before the database closes. */
  async close(): Promise<void> {
    await Promise.all(this.stops.map((stop) => stop()));
    await this.identities?.close();
    await this.lastSeen.close();
  }
}
