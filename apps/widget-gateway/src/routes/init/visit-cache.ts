/**
 * A returning visitor's `/init` answer, kept per node: the end user, the conversation and its
 * newest messages already serialized. A visitor reloads the widget on every page view, and
 * without this each reload re-read the same rows from Postgres.
 *
 * It is correct as long as it hears of every change that could alter an entry:
 * - a new message in the conversation: every gateway node already receives every
 *   `conversation.message.created` event (the real-time fan-out), and `messageStored` drops the
 *   conversation's entry;
 * - the end user's identity (external id or verified flag): a trigger NOTIFYs every node at
 *   commit, and `identityChanged` drops the entry;
 * - anything it may have missed (the pub/sub or LISTEN connection dropped): `forgetAll`.
 *
 * A load that was reading while one of those happened is not kept (it may have read the rows
 * before the change), and every entry also expires after `ttlMs`, which bounds the damage of a
 * change that was never announced (a message stored while Redis could not take the publish).
 */
export interface CachedVisit {
  endUserId: string;
  conversationId: string;
  isPreview: boolean;
  /** The newest messages, oldest first, as the JSON array the answer carries (UTF-8). */
  messagesJson: Buffer;
  /**
   * The last whole answer built from this entry, with what it was built from: reused while the
   * token (and its remaining seconds) and the bot object are the same. Set by `/init`.
   */
  answer?: { token: string; expiresIn: number; bot: object; body: Buffer };
}

interface Entry {
  visit: CachedVisit;
  key: string;
  storedAt: number;
}

export interface VisitCacheOptions {
  ttlMs: number;
  /** Bounds memory: the serialized messages of all entries together, in bytes. */
  maxBytes: number;
  /**
   * And the number of entries: a conversation without messages counts 2 bytes ("[]") against
   * `maxBytes`, so visitors of empty conversations alone would never reach it.
   */
  maxEntries: number;
  now?: () => number;
}

const keyOf = (orgId: string, channelId: string, externalId: string) => `${orgId}\u0000${channelId}\u0000${externalId}`;

export class VisitCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byConversation = new Map<string, string>();
  /** When each conversation last had a message, for loads that overlap it (kept for `ttlMs`). */
  private readonly changedAt = new Map<string, number>();
  /** The last identity change or gap: loads that started before it are not kept. */
  private lastGlobalChange = -Infinity;
  private bytes = 0;
  private readonly now: () => number;

  constructor(private readonly opts: VisitCacheOptions) {
    this.now = opts.now ?? (() => performance.now());
  }

  get(orgId: string, channelId: string, externalId: string): CachedVisit | undefined {
    const entry = this.entries.get(keyOf(orgId, channelId, externalId));
    if (!entry) return undefined;
    if (this.now() - entry.storedAt >= this.opts.ttlMs) {
      this.drop(entry.key);
      return undefined;
    }
    return entry.visit;
  }

  /** The time a load starts: pass it to `store`, which refuses what may have been read before a change. */
  startLoad(): number {
    return this.now();
  }

  store(orgId: string, channelId: string, externalId: string, startedAt: number, visit: CachedVisit): void {
    const now = this.now();
    const changed = this.changedAt.get(visit.conversationId);
    if (startedAt <= this.lastGlobalChange || (changed !== undefined && startedAt <= changed) || now - startedAt >= this.opts.ttlMs) return;
    const key = keyOf(orgId, channelId, externalId);
    this.drop(key);
    // A conversation names one end user, so one entry per conversation; another key for it is stale.
    const previous = this.byConversation.get(visit.conversationId);
    if (previous !== undefined) this.drop(previous);
    this.entries.set(key, { visit, key, storedAt: now });
    this.byConversation.set(visit.conversationId, key);
    this.bytes += visit.messagesJson.length;
    // Oldest first (Map order) until the whole fits again.
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.opts.maxBytes && this.entries.size <= this.opts.maxEntries) break;
      this.drop(oldest);
    }
  }

  /** A message was stored in the conversation (any sender, any node). */
  messageStored(conversationId: string): void {
    const now = this.now();
    // Deleted first so the map stays in time order for pruning.
    this.changedAt.delete(conversationId);
    this.changedAt.set(conversationId, now);
    const key = this.byConversation.get(conversationId);
    if (key !== undefined) this.drop(key);
    this.pruneChanges(now);
  }

  /** An end user's external id or verified flag changed. */
  identityChanged(orgId: string, externalId: string): void {
    this.lastGlobalChange = this.now();
    for (const key of this.entries.keys()) {
      if (key.startsWith(`${orgId}\u0000`) && key.endsWith(`\u0000${externalId}`)) this.drop(key);
    }
  }

  /** Changes may have gone unheard: forget everything, and refuse loads already running. */
  forgetAll(): void {
    this.lastGlobalChange = this.now();
    this.entries.clear();
    this.byConversation.clear();
    this.changedAt.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (this.byConversation.get(entry.visit.conversationId) === key) this.byConversation.delete(entry.visit.conversationId);
    this.bytes -= entry.visit.messagesJson.length;
  }

  /** A change older than the TTL cannot overlap a load that may still be stored. */
  private pruneChanges(now: number): void {
    if (this.changedAt.size < 10_000) return;
    for (const [conversationId, at] of this.changedAt) {
      if (now - at < this.opts.ttlMs) break;
      this.changedAt.delete(conversationId);
    }
  }
}
