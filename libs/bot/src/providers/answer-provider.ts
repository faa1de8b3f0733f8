import type { ProviderSettings } from '../provider-settings';

export type BotProviderName = 'knowledge' | 'openai';

/** A bot as the providers see it: its settings already parsed and its API key already decrypted. */
export interface BotProfile {
  id: string;
  orgId: string;
  name: string;
  /** The operator's system prompt. */
  prompt: string;
  provider: BotProviderName;
  settings: ProviderSettings;
  /** Plain text, held only for the duration of a job; never logged. */
  apiKey?: string;
}

export interface HistoryTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** A knowledge article that matched the question, best first. */
export interface RetrievedArticle {
  id: string;
  title: string;
  body: string;
  tags: string[];
  /** BM25+ score, comparable only within one search. */
  score: number;
  /** Share (0-1) of the question's meaningful words that the article contains. */
  coverage: number;
}

export interface GenerateInput {
  bot: BotProfile;
  question: string;
  /** Earlier turns of the conversation, oldest first, without the question itself. */
  history: HistoryTurn[];
  knowledge: RetrievedArticle[];
  signal: AbortSignal;
}

/**
 * One way of answering. `generate` yields the answer as text deltas, as soon as each is known.
 * It may throw `ProviderError` (stored as a fallback, never retried), `HandoffSignal` before
 * yielding anything (the human queue takes over), or the signal's reason once it is aborted.
 */
export interface AnswerProvider {
  readonly name: BotProviderName;
  generate(input: GenerateInput): AsyncIterable<string>;
}
