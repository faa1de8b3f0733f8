import { knowledgeRepository, type Db, type OrgId } from '@parley/db';

/** What the demo store's bot knows, so a newcomer's first questions get real answers. */
export const DEMO_ARTICLES = [
  {
    title: 'Returns and refunds',
    body: 'You can return any unused item within 30 days of delivery for a full refund. Print the free return label from your order page and drop the parcel at any post office. Refunds reach your card within 5 working days of the parcel arriving at our warehouse.',
    tags: ['returns', 'refund'],
  },
  {
    title: 'Shipping times and costs',
    body: 'Orders placed before 2 pm ship the same working day. Standard delivery takes 2 to 4 working days and is free above 50 euros; express delivery arrives the next working day for 9 euros. You get a tracking link by e-mail as soon as the parcel leaves.',
    tags: ['shipping', 'delivery'],
  },
  {
    title: 'Tent sizes and weights',
    body: 'The Ridge 2 tent sleeps two and weighs 1.6 kg packed. The Ridge 3 sleeps three and weighs 2.1 kg. Both pitch in under five minutes and come with a footprint and a repair kit.',
    tags: ['tents', 'products'],
  },
] as const;

/** Adds the articles the demo bot lacks (matched by title), so re-seeding adds nothing. */
export async function ensureDemoKnowledge(db: Db, orgId: OrgId, botId: string): Promise<void> {
  const knowledge = knowledgeRepository(db);
  const have = new Set((await knowledge.listForBot(orgId, botId)).map((a) => a.title));
  for (const article of DEMO_ARTICLES) {
    if (!have.has(article.title)) await knowledge.create(orgId, { botId, title: article.title, body: article.body, tags: [...article.tags] });
  }
}
