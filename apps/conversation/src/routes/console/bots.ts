import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BotList, BotView, CreateBotBody, ErrorCode, errorResponses, IdParams, notFound, UpdateBotBody } from '@parley/contracts';
import { createRepositories } from '@parley/db';
import type { CipherKeyring } from '@parley/security';
import { SESSION_SECURITY, SESSION_WRITE_SECURITY } from '../inbox-context';
import { botColumns, checkProviderReady, toBotView } from './bot-settings';

const TAGS = ['console-bots'];
const botNotFound = () => notFound('Bot', ErrorCode.NOT_FOUND);

/** `/api/console/bots`: the bots, their greeting, prompt, provider, origins and budget. */
export async function botRoutes(app: FastifyInstance, opts: { cipher: CipherKeyring }) {
  const bots = createRepositories(app.db).bots;

  app.get(
    '/',
    { schema: { tags: TAGS, operationId: 'listBots', security: SESSION_SECURITY, response: { 200: BotList, ...errorResponses(401, 403) } } },
    async (request) => ({ bots: (await bots.list((await request.loadAgent())!.orgId)).map(toBotView) }),
  );

  app.post(
    '/',
    {
      schema: {
        tags: TAGS,
        operationId: 'createBot',
        summary: 'Create a bot, with its website chat channel',
        security: SESSION_WRITE_SECURITY,
        body: CreateBotBody,
        response: { 201: BotView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { orgId } = (await request.loadAgent())!;
      // The id is chosen first: the provider key is sealed to it.
      const id = randomUUID();
      const columns = botColumns(request.body as CreateBotBody, id, opts.cipher);
      checkProviderReady(columns.provider ?? 'knowledge', columns.providerSettings ?? {});
      const bot = await bots.createWithWebchatChannel(orgId, { ...columns, name: columns.name!, id });
      return reply.code(201).send(toBotView(bot));
    },
  );

  app.get(
    '/:id',
    {
      schema: { tags: TAGS, operationId: 'getBot', security: SESSION_SECURITY, params: IdParams, response: { 200: BotView, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const bot = await bots.findById((await request.loadAgent())!.orgId, (request.params as IdParams).id);
      if (!bot) throw botNotFound();
      return toBotView(bot);
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: TAGS,
        operationId: 'updateBot',
        summary: 'Change some of a bot\'s settings (provider_settings is replaced as a whole)',
        security: SESSION_WRITE_SECURITY,
        params: IdParams,
        body: UpdateBotBody,
        response: { 200: BotView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { orgId } = (await request.loadAgent())!;
      const { id } = request.params as IdParams;
      const current = await bots.findById(orgId, id);
      if (!current) throw botNotFound();
      const columns = botColumns(request.body as UpdateBotBody, id, opts.cipher);
      checkProviderReady(columns.provider ?? current.provider, columns.providerSettings ?? current.providerSettings);
      const updated = await bots.update(orgId, id, columns);
      if (!updated) throw botNotFound();
      return toBotView(updated);
    },
  );
}
