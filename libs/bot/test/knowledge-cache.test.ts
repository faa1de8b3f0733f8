import { randomUUID } from 'node:crypto';
import { knowledgeRepository } from '@parley/db';
import { useTestInfra } from '@parley/testing';
import { KnowledgeCache } from '../src';
import { loadReplyContext } from '../src/reply-context';
import { seedBot } from './seed';

const infra = useTestInfra();

describe('KnowledgeCache on real articles', () => {
  it('reads and indexes a bot’s articles once, and again only after they change', async () => {
    const seed = await seedBot(infra.db, 'cache', { articles: [{ title: 'Opening hours', body: 'We are open 9 to 5 on weekdays.', tags: [] }] });
    const repo = knowledgeRepository(infra.db);
    let reads = 0;
    const cache = new KnowledgeCache({ listForBot: (orgId, botId) => (reads++, repo.listForBot(orgId, botId)) });
    const target = { conversationId: seed.conversation.id, botId: seed.bot.id, triggerMessageId: randomUUID(), replyId: 'r' };
    const stamp = async () => (await loadReplyContext(infra.db, seed.orgId, target)).stamp;
    const ask = async (q: string) => (await cache.index(seed.orgId, seed.bot.id, await stamp())).retrieve(q)[0]?.title;

    // Concurrent jobs of one bot share one read.
    const [a, b] = await Promise.all([ask('opening hours'), ask('when are you open')]);
    expect([a, b]).toEqual(['Opening hours', 'Opening hours']);
    expect(await ask('gift wrapping')).toBeUndefined();
    expect(reads).toBe(1);

    const added = await repo.create(seed.orgId, { botId: seed.bot.id, title: 'Gift wrapping', body: 'Gift wrapping costs 3 euros.' });
    expect(await ask('gift wrapping')).toBe('Gift wrapping');
    expect(reads).toBe(2);

    await infra.db.knowledgeArticle.update({ where: { id: added.id }, data: { body: 'Gift wrapping is free.' } });
    const edited = await cache.index(seed.orgId, seed.bot.id, await stamp());
    expect(edited.retrieve('gift wrapping')[0]?.body).toBe('Gift wrapping is free.');

    expect(await repo.remove(seed.orgId, added.id)).toBe(true);
    expect(await ask('gift wrapping')).toBeUndefined();
    expect(reads).toBe(4);
  });
});
