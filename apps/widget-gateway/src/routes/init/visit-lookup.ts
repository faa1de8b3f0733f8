import DataLoader from 'dataloader';
import type { FastifyBaseLogger } from 'fastify';
import { widgetVisitorRepository, type CreatedVisitor, type Db, type NewVisitor, type OrgId, type VisitorSnapshot } from '@parley/db';
import { WriteBehindBuffer } from '../../write-behind/write-behind-buffer';

/** Rows per INSERT when many new visitors arrive at once. */
const MAX_VISITORS_PER_INSERT = 200;
/** `last_seen_at` is for people reading the inbox: a few seconds late is fine, a write per page view is not. */
const LAST_SEEN_FLUSH_MS = 5_000;

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
 */
export class VisitLookup {
  private readonly creator: DataLoader<NewVisitor, CreatedVisitor | null>;
  private readonly lastSeen: WriteBehindBuffer<LastSeen>;
  private readonly repo: ReturnType<typeof widgetVisitorRepository>;

  constructor(db: Db, log: FastifyBaseLogger) {
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

  /** Writes the `last_seen_at`s still waiting; call before the database closes. */
  close(): Promise<void> {
    return this.lastSeen.close();
  }
}
