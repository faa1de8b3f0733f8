import { readFile } from 'node:fs/promises';
import { createRepositories, type Db } from '@parley/db';
import { resolveBot } from '../bot-ref';
import { defineCommand, listFlag, requiredFlag, stringFlag } from '../command';
import { CommandFailedError, UsageError } from '../errors';
import { resolveOrg } from '../org-ref';
import { requireText } from '../validation';

/** Large enough for a long help-centre page; the bot answers from passages, not whole articles. */
export const MAX_ARTICLE_CHARS = 100_000;
const MAX_TAGS = 20;
const MAX_TAG_CHARS = 50;

export interface AddKnowledgeInput {
  org: string;
  /** Bot id or name. */
  bot: string;
  title: string;
  /** Exactly one of `body` and `file` (a UTF-8 text or Markdown file). */
  body?: string;
  file?: string;
  tags?: string[];
}

export interface KnowledgeArticleSummary {
  id: string;
  bot_id: string;
  title: string;
  tags: string[];
  chars: number;
  updated_at: string;
}

export const summarizeArticle = (a: { id: string; botId: string; title: string; body: string; tags: string[]; updatedAt: Date }): KnowledgeArticleSummary => ({
  id: a.id,
  bot_id: a.botId,
  title: a.title,
  tags: a.tags,
  chars: a.body.length,
  updated_at: a.updatedAt.toISOString(),
});

async function readBody(input: AddKnowledgeInput): Promise<string> {
  if ((input.body === undefined) === (input.file === undefined)) throw new UsageError('give the article text with exactly one of --body <text> and --file <path>');
  let body = input.body;
  if (input.file !== undefined) {
    try {
      body = await readFile(input.file, 'utf8');
    } catch (err) {
      throw new CommandFailedError(`cannot read ${input.file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
  }
  const text = (body ?? '').trim();
  if (!text) throw new UsageError('the article text is empty');
  if (text.length > MAX_ARTICLE_CHARS) throw new UsageError(`the article text is longer than ${MAX_ARTICLE_CHARS} characters: split it into several articles`);
  return text;
}

function parseTags(tags: string[] = []): string[] {
  const clean = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
  if (clean.length > MAX_TAGS) throw new UsageError(`at most ${MAX_TAGS} tags`);
  const long = clean.find((t) => t.length > MAX_TAG_CHARS);
  if (long) throw new UsageError(`tag "${long.slice(0, 20)}…" is longer than ${MAX_TAG_CHARS} characters`);
  return clean;
}

/** The bot answers from it from the next reply on (its index notices the change). */
export async function addKnowledge(db: Db, input: AddKnowledgeInput): Promise<KnowledgeArticleSummary> {
  const title = requireText(input.title, 'title');
  const tags = parseTags(input.tags);
  const body = await readBody(input);
  const org = await resolveOrg(db, input.org);
  const bot = await resolveBot(db, org.id, input.bot);
  const article = await createRepositories(db).knowledge.create(org.id, { botId: bot.id, title, body, tags });
  return summarizeArticle(article);
}

export const addKnowledgeCommand = defineCommand({
  name: 'add-knowledge',
  summary: "add an article to a bot's knowledge (what the knowledge provider answers from)",
  usage: '--org <id|slug> --bot <id|name> --title <title> (--body <text> | --file <path>) [--tag <tag> ...]',
  flags: {
    org: { type: 'string' },
    bot: { type: 'string' },
    title: { type: 'string' },
    body: { type: 'string' },
    file: { type: 'string' },
    tag: { type: 'string', multiple: true },
  },
  async run(db, flags) {
    const article = await addKnowledge(db, {
      org: requiredFlag(flags, 'org', '<id|slug>'),
      bot: requiredFlag(flags, 'bot', '<id|name>'),
      title: requiredFlag(flags, 'title'),
      body: stringFlag(flags, 'body'),
      file: stringFlag(flags, 'file'),
      tags: listFlag(flags, 'tag'),
    });
    return { json: { ...article }, lines: [`added article "${article.title}" (id ${article.id}, ${article.chars} characters)`] };
  },
});
