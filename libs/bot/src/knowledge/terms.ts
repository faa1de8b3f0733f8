import type { SearchOptions } from 'minisearch';

/**
 * Words that say nothing about what a visitor is asking ("how do I ...", "can you tell me ...").
 * Left in, they would match every article and make a weak match look like a strong one.
 */
const STOP_WORDS = new Set(
  (
    'a an the and or but if then so of to in on at by for with about from as into onto over than too very ' +
    'is are was were be been being am do does did doing done have has had having ' +
    'i me my mine we our ours us you your yours he him his she her it its they them their this that these those ' +
    'what which who whom whose when where why how can could would should will shall may might must ' +
    'not no yes there here any some all just also only get got please hi hello hey thanks thank ' +
    'want wanted need know tell let like don doesn didn isn aren wasn won cant ll ve re'
  ).split(' '),
);

/** Splits on whitespace, punctuation and symbols, like MiniSearch's own tokenizer plus symbols. */
export const tokenize = (text: string): string[] => text.split(/[\s\p{P}\p{S}]+/u).filter(Boolean);

/**
 * One term as indexed and as searched: lowercased, accents folded, stop words dropped, and a
 * light plural strip ("returns" → "return", "policies" → "policy") so both forms meet exactly.
 */
export function normalizeTerm(raw: string): string | null {
  const term = raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  if (term.length < 2 && !/\d/.test(term)) return null;
  if (STOP_WORDS.has(term)) return null;
  if (term.length > 4 && term.endsWith('ies')) return `${term.slice(0, -3)}y`;
  if (term.length > 3 && term.endsWith('s') && !/(ss|us|is)$/.test(term)) return term.slice(0, -1);
  return term;
}

/** The distinct meaningful terms of a text, in order of first appearance. */
export function meaningfulTerms(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of tokenize(text)) {
    const term = normalizeTerm(raw);
    if (term) seen.add(term);
  }
  return [...seen];
}

/**
 * Search options shared by article and passage search. Prefix search from 4 letters ("ship" finds
 * "shipping"); typo tolerance of one edit from 5 letters, since below that an edit turns one
 * common word into another ("ship"/"shop").
 */
export const SEARCH_OPTIONS: SearchOptions = {
  prefix: (term) => term.length >= 4,
  fuzzy: (term) => (term.length >= 5 ? 1 : false),
  weights: { fuzzy: 0.45, prefix: 0.6 },
  combineWith: 'OR',
};
