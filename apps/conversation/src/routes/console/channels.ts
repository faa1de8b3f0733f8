import type { FastifyInstance } from 'fastify';
import {
  ChannelList,
  ChannelListQuery,
  ChannelView,
  conflict,
  CreateChannelBody,
  ErrorCode,
  errorResponses,
  IdParams,
  notFound,
  UpdateChannelBody,
} from '@parley/contracts';
import { createRepositories, type ChannelWithPush } from '@parley/db';
import { SESSION_SECURITY, SESSION_WRITE_SECURITY } from '../inbox-context';

const TAGS = ['console-channels'];
const DEFAULT_NAMES = { webchat: 'Website chat', mobile_sdk: 'Mobile app', api: 'API' } as const;

/** Push credentials are listed by kind and fingerprint only: their secrets never leave the notification service's tables. */
export function toChannelView(c: ChannelWithPush): ChannelView {
  return {
    id: c.id,
    bot_id: c.botId,
    type: c.type,
    name: c.name,
    push_preview_enabled: c.pushPreviewEnabled,
    push_credentials: c.pushCredentials.map((p) => ({
      platform: p.platform,
      fingerprint: p.fingerprint,
      apns_environment: p.apnsEnvironment,
      deprecated: p.deprecated,
      updated_at: p.updatedAt.toISOString(),
    })),
    created_at: c.createdAt.toISOString(),
  };
}

const channelNotFound = () => notFound('Channel', ErrorCode.NOT_FOUND);

/**
 * `/api/console/channels`: where conversations come from (website chat, mobile app, API). A bot
 * has at most one mobile channel (reference: Mobile SDK Integration); its push credentials are
 * set through the notification service's `/v1/push` API and only summarized here.
 */
export async function channelRoutes(app: FastifyInstance) {
  const channels = createRepositories(app.db).channels;

  app.get(
    '/',
    {
      schema: { tags: TAGS, operationId: 'listChannels', security: SESSION_SECURITY, querystring: ChannelListQuery, response: { 200: ChannelList, ...errorResponses(400, 401, 403) } },
    },
    async (request) => {
      const { orgId } = (await request.loadAgent())!;
      const query = request.query as ChannelListQuery;
      const rows = await channels.list(orgId, { ...(query.bot_id ? { botId: query.bot_id } : {}), ...(query.type ? { type: query.type } : {}) });
      return { channels: rows.map(toChannelView) };
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: TAGS,
        operationId: 'createChannel',
        summary: 'Create a channel for a bot (one mobile_sdk channel per bot)',
        security: SESSION_WRITE_SECURITY,
        body: CreateChannelBody,
        response: { 201: ChannelView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { orgId } = (await request.loadAgent())!;
      const body = request.body as CreateChannelBody;
      const created = await channels.createChecked(orgId, {
        botId: body.bot_id,
        type: body.type,
        name: body.name?.trim() ?? DEFAULT_NAMES[body.type],
        ...(body.push_preview_enabled !== undefined ? { pushPreviewEnabled: body.push_preview_enabled } : {}),
      });
      if (created.kind === 'bot_not_found') throw notFound('Bot', ErrorCode.NOT_FOUND);
      if (created.kind === 'exists') throw conflict(`This bot already has a ${body.type} channel (${created.channelId})`, ErrorCode.ALREADY_EXISTS);
      return reply.code(201).send(toChannelView(created.channel));
    },
  );

  app.get(
    '/:id',
    { schema: { tags: TAGS, operationId: 'getChannel', security: SESSION_SECURITY, params: IdParams, response: { 200: ChannelView, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => {
      const channel = await channels.findWithPush((await request.loadAgent())!.orgId, (request.params as IdParams).id);
      if (!channel) throw channelNotFound();
      return toChannelView(channel);
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: TAGS,
        operationId: 'updateChannel',
        security: SESSION_WRITE_SECURITY,
        params: IdParams,
        body: UpdateChannelBody,
        response: { 200: ChannelView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const body = request.body as UpdateChannelBody;
      const channel = await channels.update((await request.loadAgent())!.orgId, (request.params as IdParams).id, {
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.push_preview_enabled !== undefined ? { pushPreviewEnabled: body.push_preview_enabled } : {}),
      });
      if (!channel) throw channelNotFound();
      return toChannelView(channel);
    },
  );
}
