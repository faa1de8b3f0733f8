import { createRepositories, type Db } from '@parley/db';
import { resolveBot } from '../bot-ref';
import { defineCommand, requiredFlag } from '../command';
import { resolveOrg } from '../org-ref';
import { summarizeArticle, type KnowledgeArticleSummary } from './add-knowledge';

export async function listKnowledge(db: Db, input: { org: string; bot: string }): Promise<KnowledgeArticleSummary[]> {
  const org = await resolveOrg(db, input.org);
  const bot = await resolveBot(db, org.id, input.bot);
  const articles = await createRepositories(db).knowledge.listForBot(org.id, bot.id);
  return articles.map(summarizeArticle);
}

export const listKnowledgeCommand = defineCommand({
  name: 'list-knowledge',
  summary: "list a bot's knowledge articles",
  usage: '--org <id|slug> --bot <id|name>',
  flags: { org: { type: 'string' }, bot: { type: 'string' } },
  async run(db, flags) {
    const articles = await listKnowledge(db, { org: requiredFlag(flags, 'org', '<id|slug>'), bot: requiredFlag(flags, 'bot', '<id|name>') });
    const lines = articles.map((a) => `${a.id}  ${a.title}  (${a.chars} characters${a.tags.length ? `; tags: ${a.tags.join(', ')}` : ''})`);
    return { json: { articles }, lines: lines.length ? lines : ['no articles'] };
  },
});
