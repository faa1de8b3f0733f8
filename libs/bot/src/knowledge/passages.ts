import MiniSearch from 'minisearch';
import { normalizeTerm, SEARCH_OPTIONS, tokenize } from './terms';

/** Short articles are answered whole: cutting them would lose more than it saves. */
export const WHOLE_ARTICLE_CHARS = 280;
/** A passage stops growing past this length or this many sentences. */
export const MAX_PASSAGE_CHARS = 600;
export const MAX_PASSAGE_SENTENCES = 3;
/** Other sentences join the best one only if they score at least this share of it. */
const RELATIVE_SENTENCE_FLOOR = 0.5;
/** A best sentence shorter than this ("Returns:") brings the next one of its paragraph along. */
const SHORT_SENTENCE_CHARS = 60;

interface Sentence {
  id: number;
  paragraph: number;
  line: number;
  text: string;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Paragraphs (blank lines), then lines (list items), then sentences. */
function splitSentences(body: string): Sentence[] {
  const out: Sentence[] = [];
  body.split(/\n\s*\n/).forEach((paragraph, p) => {
    paragraph.split('\n').forEach((line, l) => {
      for (const { segment } of segmenter.segment(line)) {
        const text = segment.trim();
        if (text) out.push({ id: out.length, paragraph: p, line: l, text });
      }
    });
  });
  return out;
}

function join(sentences: Sentence[]): string {
  return sentences
    .map((s, i) => {
      const prev = sentences[i - 1];
      const sep = !prev ? '' : prev.paragraph !== s.paragraph ? '\n\n' : prev.line !== s.line ? '\n' : ' ';
      return sep + s.text;
    })
    .join('');
}

function lead(sentences: Sentence[]): Sentence[] {
  const picked: Sentence[] = [];
  let length = 0;
  for (const s of sentences) {
    if (picked.length && (length + s.text.length > WHOLE_ARTICLE_CHARS || picked.length >= MAX_PASSAGE_SENTENCES)) break;
    picked.push(s);
    length += s.text.length;
  }
  return picked;
}

/**
 * The part of an article that answers the question: its best-matching sentences (BM25+ over the
 * article's sentences, same terms as article search), kept in document order. An article that
 * matched only by its title or tags is answered with its opening sentences.
 */
export function extractPassage(body: string, question: string): string {
  const trimmed = body.trim();
  if (trimmed.length <= WHOLE_ARTICLE_CHARS) return trimmed;
  const sentences = splitSentences(trimmed);
  const search = new MiniSearch<Sentence>({ fields: ['text'], tokenize, processTerm: normalizeTerm, searchOptions: SEARCH_OPTIONS });
  search.addAll(sentences);
  const ranked = search.search(question);
  if (!ranked.length) return join(lead(sentences));

  const best = ranked[0]!;
  const picked = new Map<number, Sentence>();
  let length = 0;
  const take = (s: Sentence | undefined) => {
    if (!s || picked.has(s.id)) return;
    picked.set(s.id, s);
    length += s.text.length;
  };
  const first = sentences[best.id as number]!;
  take(first);
  const next = sentences[first.id + 1];
  if (first.text.length < SHORT_SENTENCE_CHARS && next?.paragraph === first.paragraph) take(next);
  for (const r of ranked.slice(1)) {
    if (picked.size >= MAX_PASSAGE_SENTENCES || r.score < best.score * RELATIVE_SENTENCE_FLOOR) break;
    const s = sentences[r.id as number]!;
    if (length + s.text.length > MAX_PASSAGE_CHARS) continue;
    take(s);
  }
  return join([...picked.values()].sort((a, b) => a.id - b.id));
}
