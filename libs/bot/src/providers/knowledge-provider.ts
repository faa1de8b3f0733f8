import { HandoffSignal } from '../errors';
import { chunkText, paced } from '../knowledge/chunk-text';
import { extractPassage } from '../knowledge/passages';
import type { AnswerProvider, GenerateInput } from './answer-provider';

/**
 * Answers from the bot's own articles, with no external service: the best retrieved article's
 * most relevant passage, streamed a few words at a time. No article good enough → hand off.
 */
export const knowledgeProvider: AnswerProvider = {
  name: 'knowledge',
  async *generate({ bot, question, knowledge, signal }: GenerateInput) {
    const best = knowledge[0];
    if (!best) throw new HandoffSignal('no_match');
    const passage = extractPassage(best.body, question);
    yield* paced(chunkText(passage, bot.settings.chunkWords), bot.settings.chunkDelayMs, signal);
  },
};
