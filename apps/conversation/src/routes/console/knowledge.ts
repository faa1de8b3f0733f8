import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  ArticleList,
  ArticleView,
  BotArticleParams,
  CreateArticleBody,
  ErrorCode,
  errorResponses,
  IdParams,
  notFound,
  UpdateArticleBody,
} from '@parley/contracts';
import { createRepositories, type OrgId } from '@parley/db';
import { SESSION_SECURITY, SESSION_WRITE_SECURITY } from '../inbox-context';

const TAGS = ['console-knowledge'];
/** Articles run to 50,000 characters: more than the service's default body limit. */
const ARTICLE_BODY_LIMIT = 256 * 1024;

type ArticleRow = { id: string; botId: string; title: string; body: string; tags: string[]; createdAt: Date; updatedAt: Date };
const toView = (a: ArticleRow): ArticleView => ({
  id: a.id,
  bot_id: a.botId,
  title: a.title,
  body: a.body,
  tags: a.tags,
  created_at: a.createdAt.toISOString(),
  updated_at: a.updatedAt.toISOString(),
});
const articleNotFound = () => notFound('Knowledge article', ErrorCode.NOT_FOUND);

/**
 * `/api/console/bots/:id/knowledge`: the articles a bot answers from. The bot worker notices
 * changes by itself (its index is keyed by the articles' count and newest update), so nothing
 * is invalidated here.
 */
export async function knowledgeRoutes(app: FastifyInstance) {
  const repos = createRepositories(app.db);
  /** The bot must be this organization's; otherwise it does not exist. */
  async function botOf(request: FastifyRequest): Promise<{ orgId: OrgId; botId: string }> {
    const { orgId } = (await request.loadAgent())!;
    const botId = (request.params as IdParams).id;
    if (!(await repos.bots.findById(orgId, botId))) throw notFound('Bot', ErrorCode.NOT_FOUND);
    return { orgId, botId };
  }

  app.get(
    '/:id/knowledge',
    { schema: { tags: TAGS, operationId: 'listKnowledgeArticles', security: SESSION_SECURITY, params: IdParams, response: { 200: ArticleList, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => {
      const { orgId, botId } = await botOf(request);
      return { articles: (await repos.knowledge.listForBot(orgId, botId)).map(toView) };
    },
  );

  app.post(
    '/:id/knowledge',
    {
      bodyLimit: ARTICLE_BODY_LIMIT,
      schema: {
        tags: TAGS,
        operationId: 'createKnowledgeArticle',
        security: SESSION_WRITE_SECURITY,
        params: IdParams,
        body: CreateArticleBody,
        response: { 201: ArticleView, ...errorResponses(400, 401, 403, 404, 413) },
      },
    },
    async (request, reply) => {
      const { orgId, botId } = await botOf(request);
      const body = request.body as CreateArticleBody;
      const article = await repos.knowledge.create(orgId, { botId, title: body.title.trim(), body: body.body, tags: body.tags ?? [] });
      return reply.code(201).send(toView(article));
    },
  );

  app.get(
    '/:id/knowledge/:articleId',
    {
      schema: { tags: TAGS, operationId: 'getKnowledgeArticle', security: SESSION_SECURITY, params: BotArticleParams, response: { 200: ArticleView, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const { orgId, botId } = await botOf(request);
      const article = await repos.knowledge.findById(orgId, botId, (request.params as { articleId: string }).articleId);
      if (!article) throw articleNotFound();
      return toView(article);
    },
  );

  app.patch(
    '/:id/knowledge/:articleId',
    {
      bodyLimit: ARTICLE_BODY_LIMIT,
      schema: {
        tags: TAGS,
        operationId: 'updateKnowledgeArticle',
        security: SESSION_WRITE_SECURITY,
        params: BotArticleParams,
        body: UpdateArticleBody,
        response: { 200: ArticleView, ...errorResponses(400, 401, 403, 404, 413) },
      },
    },
    async (request) => {
      const { orgId, botId } = await botOf(request);
      const body = request.body as UpdateArticleBody;
      const data = { ...(body.title !== undefined ? { title: body.title.trim() } : {}), ...(body.body !== undefined ? { body: body.body } : {}), ...(body.tags ? { tags: body.tags } : {}) };
      const article = await repos.knowledge.update(orgId, botId, (request.params as { articleId: string }).articleId, data);
      if (!article) throw articleNotFound();
      return toView(article);
    },
  );

  app.delete(
    '/:id/knowledge/:articleId',
    {
      schema: {
        tags: TAGS,
        operationId: 'deleteKnowledgeArticle',
        security: SESSION_WRITE_SECURITY,
        params: BotArticleParams,
        response: { 204: { type: 'null' }, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { orgId, botId } = await botOf(request);
      const articleId = (request.params as { articleId: string }).articleId;
      // Scoped to the bot too, so an article id under another bot's path is not found.
      if (!(await repos.knowledge.findById(orgId, botId, articleId)) || !(await repos.knowledge.remove(orgId, articleId))) throw articleNotFound();
      return reply.code(204).send();
    },
  );
}
