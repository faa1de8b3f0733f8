import type { OrgId } from '@parley/db';
import { ArticleIndex, type IndexedArticle } from './article-index';

/**
 * What changes whenever a bot's articles do: an edit raises the newest `updated_at`, a delete
 * lowers the count (and an add raises both).
 */
export interface KnowledgeStamp {
  count: number;
  /** Milliseconds since the epoch; 0 when the bot has no articles. */
  newestUpdateMs: number;
}

export interface KnowledgeSource {
  listForBot(orgId: OrgId, botId: string): Promise<IndexedArticle[]>;
}

const EMPTY = new ArticleIndex([]);
const stampKey = (s: KnowledgeStamp) => `${s.count}:${s.newestUpdateMs}`;

/**
 * Each bot's search index, kept in memory between jobs. The worker reads the bot's knowledge
 * stamp (count + newest update) alongside its other queries, so a fresh index costs no extra
 * round trip, and the articles are read and indexed again only after they changed. Concurrent
 * jobs of one bot share one rebuild. Least recently used bots are dropped past `maxBots`.
 */
export class KnowledgeCache {
  private readonly entries = new Map<string, { key: string; index: Promise<ArticleIndex> }>();

  constructor(
    private readonly source: KnowledgeSource,
    private readonly maxBots = 500,
  ) {}

  index(orgId: OrgId, botId: string, stamp: KnowledgeStamp): Promise<ArticleIndex> {
    if (stamp.count === 0) return Promise.resolve(EMPTY);
    const key = stampKey(stamp);
    const cached = this.entries.get(botId);
    if (cached?.key === key) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.entries.delete(botId);
      this.entries.set(botId, cached);
      return cached.index;
    }
    const index = this.source.listForBot(orgId, botId).then((articles) => new ArticleIndex(articles));
    const entry = { key, index };
    this.entries.delete(botId);
    this.entries.set(botId, entry);
    // A failed read must not stay cached: the next job tries again.
    index.catch(() => {
      if (this.entries.get(botId) === entry) this.entries.delete(botId);
    });
    while (this.entries.size > this.maxBots) this.entries.delete(this.entries.keys().next().value!);
    return index;
  }
}
