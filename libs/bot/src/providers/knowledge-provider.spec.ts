import { SHOP_ARTICLES } from '../../test/knowledge-fixtures';
import { HandoffSignal } from '../errors';
import { ArticleIndex } from '../knowledge/article-index';
import { readProviderSettings } from '../provider-settings';
import type { BotProfile } from './answer-provider';
import { knowledgeProvider } from './knowledge-provider';

const index = new ArticleIndex(SHOP_ARTICLES);
const bot: BotProfile = {
  id: 'b',
  orgId: 'o',
  name: 'Helper',
  prompt: '',
  provider: 'knowledge',
  settings: readProviderSettings({ chunkDelayMs: 0, chunkWords: 3 }),
};

async function answer(question: string): Promise<string[]> {
  const chunks: string[] = [];
  const input = { bot, question, history: [], knowledge: index.retrieve(question), signal: new AbortController().signal };
  for await (const c of knowledgeProvider.generate(input)) chunks.push(c);
  return chunks;
}

describe('knowledge retrieval', () => {
  it('ranks the article that answers the question first', () => {
    expect(index.retrieve('How long does express delivery take?')[0]?.id).toBe('shipping');
    expect(index.retrieve('Can I return sale items?')[0]?.id).toBe('returns');
    expect(index.retrieve('is there a warranty on shoes')[0]?.id).toBe('warranty');
  });

  it('tolerates a typo and a plural', () => {
    expect(index.retrieve('shiping time')[0]?.id).toBe('shipping');
    expect(index.retrieve('refunds')[0]?.id).toBe('returns');
  });

  it('finds nothing good enough when the question is about something else', () => {
    expect(index.retrieve('Do you offer student discounts?')).toEqual([]);
    // "policy" is in three articles; "loyalty" in none: a generic word alone is not a match.
    expect(index.retrieve('what is your loyalty policy')).toEqual([]);
    expect(index.retrieve('hello?')).toEqual([]);
  });
});

describe('knowledgeProvider', () => {
  it('answers with the matching passage, not the whole article, in several chunks', async () => {
    const chunks = await answer('How long does express delivery take?');
    const text = chunks.join('');
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.every((c) => c.trim().split(/\s+/).length <= 3)).toBe(true);
    expect(text).toContain('Express delivery arrives the next business day');
    expect(text).not.toContain('Customs fees');
    expect(text.length).toBeLessThan(SHOP_ARTICLES[0]!.body.length);
  });

  it('picks the sentence about sale items from the returns article', async () => {
    const text = (await answer('Can I return sale items?')).join('');
    expect(text).toContain('Sale items are final and cannot be returned.');
    expect(text).not.toContain('original payment method');
  });

  it('hands off, without yielding anything, when nothing matches well', async () => {
    const chunks: string[] = [];
    await expect(
      (async () => {
        for await (const c of knowledgeProvider.generate({ bot, question: 'student discounts?', history: [], knowledge: [], signal: new AbortController().signal }))
          chunks.push(c);
      })(),
    ).rejects.toBeInstanceOf(HandoffSignal);
    expect(chunks).toEqual([]);
  });
});
