import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  AgentMessage,
  AssignResponse,
  errorResponses,
  IdParams,
  IntegrationAssignBody,
  IntegrationConversation,
  IntegrationConversationList,
  IntegrationListQuery,
  IntegrationMessageList,
  IntegrationMessagesQuery,
  IntegrationSendBody,
  ResolveBody,
  ResolveResponse,
  TagsBody,
  TagsResponse,
  badRequest,
  type ApiKeyScope,
} from '@parley/contracts';
import { requireApiKey } from '@parley/auth';
import {
  assignConversation,
  editSessionTags,
  getConversation,
  listConversations,
  listMessages,
  resolveConversation,
  sendAgentMessage,
  sendBotMessage,
  toIntegrationConversation,
} from '@parley/inbox';
import { acceptEmptyJsonBodies, emptyBodyAsObject } from '../optional-body';
import { API_KEY_SECURITY, inboxDeps, inboxMeta } from '../inbox-context';

const TAGS = ['integration'];
const errors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);
/** The key guard ran in onRequest, so the key is there. */
const orgOf = async (request: FastifyRequest) => (await request.loadApiKey())!.orgId;

/**
 * `/v1/conversations/...`: the integration API for integrators' servers, authenticated by API
 * keys (`Authorization: Bearer pk_live_...`) with scopes. The same inbox rules and events as the
 * agent API; another organization's conversation is 404, a key without the scope 403.
 */
export async function integrationRoutes(app: FastifyInstance) {
  acceptEmptyJsonBodies(app);

  /** Per-route auth: the scope a route needs is part of its contract, so it sits beside it. */
  const route = (scope: ApiKeyScope, operationId: string, summary: string) => ({
    onRequest: requireApiKey(scope),
    schema: { tags: TAGS, operationId, summary, security: API_KEY_SECURITY },
  });

  const list = route('conversations:read', 'integrationListConversations', 'Conversations, newest activity first, in pages');
  app.get('/', { ...list, schema: { ...list.schema, querystring: IntegrationListQuery, response: { 200: IntegrationConversationList, ...errors } } }, async (request) => {
    const query = request.query as IntegrationListQuery;
    const page = await listConversations(app.db, await orgOf(request), {
      filter: query.filter ?? 'all',
      limit: query.limit ?? 50,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return { conversations: page.items.map(toIntegrationConversation), next_cursor: page.nextCursor };
  });

  const get = route('conversations:read', 'integrationGetConversation', 'One conversation with its open session');
  app.get('/:id', { ...get, schema: { ...get.schema, params: IdParams, response: { 200: IntegrationConversation, ...errors } } }, async (request) =>
    toIntegrationConversation(await getConversation(app.db, await orgOf(request), (request.params as IdParams).id)),
  );

  const history = route('conversations:read', 'integrationListMessages', 'Messages: the last `limit` before `offset`, or everything after `after_seq`');
  app.get(
    '/:id/messages',
    { ...history, schema: { ...history.schema, params: IdParams, querystring: IntegrationMessagesQuery, response: { 200: IntegrationMessageList, ...errors } } },
    async (request) => {
      const q = request.query as IntegrationMessagesQuery;
      const limit = q.limit ?? 50;
      const page = q.after_seq !== undefined ? { limit, afterSeq: q.after_seq } : { limit, offset: q.offset ?? 0 };
      return { messages: await listMessages(app.db, await orgOf(request), (request.params as IdParams).id, page) };
    },
  );

  const send = route('messages:write', 'integrationSendMessage', 'Send a message as the conversation\'s bot or as a named agent');
  app.post(
    '/:id/messages',
    { ...send, schema: { ...send.schema, params: IdParams, body: IntegrationSendBody, response: { 200: AgentMessage, 201: AgentMessage, ...writeErrors } } },
    async (request, reply) => {
      const body = request.body as IntegrationSendBody;
      const message = {
        conversationId: (request.params as IdParams).id,
        content: body.content,
        ...(body.content_type ? { contentType: body.content_type } : {}),
        ...(body.rich_media !== undefined ? { richMedia: body.rich_media } : {}),
        ...(body.client_message_id ? { clientMessageId: body.client_message_id } : {}),
      };
      const orgId = await orgOf(request);
      if (body.sender_type === 'agent' && !body.agent_id) throw badRequest('agent_id is required when sender_type is agent', [{ path: 'body/agent_id', message: 'is required' }]);
      const sent =
        body.sender_type === 'agent'
          ? await sendAgentMessage(inboxDeps(app, request), orgId, { ...message, agentId: body.agent_id! }, inboxMeta(request))
          : await sendBotMessage(inboxDeps(app, request), orgId, message, inboxMeta(request));
      return reply.code(sent.duplicate ? 200 : 201).send(sent.message);
    },
  );

  const assign = route('conversations:write', 'integrationAssignConversation', 'Assign the open session to an agent (`force` takes it from its holder)');
  app.post(
    '/:id/assign',
    { ...assign, schema: { ...assign.schema, params: IdParams, body: IntegrationAssignBody, response: { 200: AssignResponse, ...writeErrors } } },
    async (request) => {
      const body = request.body as IntegrationAssignBody;
      const result = await assignConversation(
        inboxDeps(app, request),
        await orgOf(request),
        { conversationId: (request.params as IdParams).id, agentId: body.agent_id, mode: body.force ? 'reassign' : 'claim' },
        inboxMeta(request),
      );
      return { id: result.conversationId, assigned_agent_id: result.assignedAgentId, assigned_at: result.assignedAt.toISOString(), session_id: result.sessionId };
    },
  );

  const resolve = route('conversations:write', 'integrationResolveConversation', 'Close the open session, optionally adding tags');
  app.post(
    '/:id/resolve',
    { ...resolve, preValidation: emptyBodyAsObject, schema: { ...resolve.schema, params: IdParams, body: ResolveBody, response: { 200: ResolveResponse, ...writeErrors } } },
    async (request) => {
      const result = await resolveConversation(
        inboxDeps(app, request),
        await orgOf(request),
        { conversationId: (request.params as IdParams).id, tags: (request.body as ResolveBody).tags ?? [] },
        inboxMeta(request),
      );
      return { id: result.conversationId, session_id: result.sessionId, status: 'resolved' as const, tags: result.tags, resolved_at: result.resolvedAt.toISOString() };
    },
  );

  const tags = route('conversations:write', 'integrationEditTags', 'Add and remove tags on the open session');
  app.post(
    '/:id/tags',
    { ...tags, schema: { ...tags.schema, params: IdParams, body: TagsBody, response: { 200: TagsResponse, ...writeErrors } } },
    async (request) => {
      const result = await editSessionTags({ db: app.db }, await orgOf(request), { conversationId: (request.params as IdParams).id, ...(request.body as TagsBody) });
      return { id: result.conversationId, session_id: result.sessionId, tags: result.tags };
    },
  );
}
