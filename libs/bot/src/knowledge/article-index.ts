import MiniSearch from 'minisearch';
import type { RetrievedArticle } from '../providers/answer-provider';
import { meaningfulTerms, normalizeTerm, SEARCH_OPTIONS, tokenize } from './terms';

export interface IndexedArticle {
  id: string;
  title: string;
  body: string;
  tags: string[];
}

/**
 * The bar an article must clear to be used as an answer: it must contain at least half of the
 * question's meaningful words, each word weighted by how specific it is in this bot's knowledge
 * (its BM25 inverse document frequency). Raw BM25 scores are not used as the bar because they
 * grow with the corpus size and the question's length, so no one number fits every bot; this
 * ratio means the same thing for a bot with 3 articles and one with 3,000. Weighting makes a
 * generic word matter less: "refund policy" does not match a privacy *policy* when several
 * articles say "policy". A word no article uses weighs as much as the most specific word the bot
 * knows, so a question about something absent falls short.
 */
export const MIN_COVERAGE = 0.5;
/** Articles passed to an LLM as context besides the best one must score this share of the best. */
export const RELATIVE_SCORE_FLOOR = 0.3;
export const MAX_RETRIEVED = 3;

/** Titles say what an article is about; tags are curated keywords. Both outweigh body text. */
const BOOST = { title: 2, tags: 1.5, body: 1 };

const bm25Idf = (n: number, df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

/** One bot's knowledge, searchable in memory (BM25+ via MiniSearch). Built once, searched per question. */
export class ArticleIndex {
  private readonly search: MiniSearch<IndexedArticle>;
  private readonly byId = new Map<string, IndexedArticle>();

  constructor(articles: readonly IndexedArticle[]) {
    this.search = new MiniSearch<IndexedArticle>({
      fields: ['title', 'body', 'tags'],
      extractField: (doc, field) => {
        const value = doc[field as keyof IndexedArticle];
        return Array.isArray(value) ? value.join(' ') : String(value);
      },
      tokenize,
      processTerm: normalizeTerm,
      searchOptions: { ...SEARCH_OPTIONS, boost: BOOST },
    });
    this.search.addAll(articles);
    for (const a of articles) this.byId.set(a.id, a);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The articles that match the question well enough, best first; empty means "hand off". */
  retrieve(question: string, limit = MAX_RETRIEVED): RetrievedArticle[] {
    const terms = meaningfulTerms(question);
    if (!terms.length || !this.byId.size) return [];
    const results = this.search.search(terms.join(' '));
    if (!results.length) return [];

    // Document frequency of each question term, prefix and typo matches included.
    const df = new Map<string, number>();
    for (const r of results) for (const t of r.queryTerms) df.set(t, (df.get(t) ?? 0) + 1);
    const n = this.byId.size;
    const weight = (t: string) => bm25Idf(n, Math.max(1, df.get(t) ?? 0));
    const total = terms.reduce((sum, t) => sum + weight(t), 0);

    const best = results[0]!.score;
    const out: RetrievedArticle[] = [];
    for (const r of results) {
      if (out.length >= limit || r.score < best * RELATIVE_SCORE_FLOOR) break;
      const coverage = r.queryTerms.reduce((sum, t) => sum + weight(t), 0) / total;
      const article = this.byId.get(r.id as string);
      if (!article || coverage < MIN_COVERAGE) continue;
      out.push({ ...article, score: r.score, coverage });
    }
    return out;
  }
}
