import type { FastifyInstance } from 'fastify';
import {
  AgentMessageList,
  ConversationList,
  ConversationListQuery,
  ConversationSummary,
  CURSOR_HEADER,
  errorResponses,
  IdParams,
  MessageHistoryQuery,
} from '@parley/contracts';
import { getConversation, listConversations, listMessages, toConversationSummary } from '@parley/inbox';
import { SESSION_SECURITY } from '../inbox-context';

const TAGS = ['conversations'];

/** Reference: List Conversations, Get Conversation, Message History (agent endpoint). */
export async function conversationReadRoutes(app: FastifyInstance) {
  app.get(
    '/',
    {
      schema: {
        tags: TAGS,
        operationId: 'listConversations',
        summary: 'The inbox: unassigned (default), mine or all, newest activity first',
        description: `An array as in the reference. When more conversations follow, the \`${CURSOR_HEADER}\` response header holds the cursor for the next page.`,
        security: SESSION_SECURITY,
        querystring: ConversationListQuery,
        response: { 200: ConversationList, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const agent = (await request.loadAgent())!;
      const query = request.query as ConversationListQuery;
      const page = await listConversations(app.db, agent.orgId, {
        filter: query.filter ?? 'unassigned',
        agentId: agent.userId,
        limit: query.limit ?? 50,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      if (page.nextCursor) reply.header(CURSOR_HEADER, page.nextCursor);
      return page.items.map(toConversationSummary);
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: TAGS,
        operationId: 'getConversation',
        summary: 'One conversation, in the list item shape',
        security: SESSION_SECURITY,
        params: IdParams,
        response: { 200: ConversationSummary, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const agent = (await request.loadAgent())!;
      return toConversationSummary(await getConversation(app.db, agent.orgId, (request.params as IdParams).id));
    },
  );

  app.get(
    '/:id/messages',
    {
      schema: {
        tags: TAGS,
        operationId: 'listConversationMessages',
        summary: 'Message history: the last `limit` messages before `offset`, oldest first',
        security: SESSION_SECURITY,
        params: IdParams,
        querystring: MessageHistoryQuery,
        response: { 200: AgentMessageList, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const agent = (await request.loadAgent())!;
      const query = request.query as MessageHistoryQuery;
      return listMessages(app.db, agent.orgId, (request.params as IdParams).id, { limit: query.limit ?? 50, offset: query.offset ?? 0 });
    },
  );
}
