import type { FastifyInstance } from 'fastify';
import {
  ConversationDetails,
  ConversationListQuery,
  errorResponses,
  IdParams,
  InboxConversation,
  InboxConversationList,
} from '@parley/contracts';
import { presenceSubject, PresenceStore } from '@parley/bus';
import { conversationNotFound, getConversation, listConversations, toConversationSummary } from '@parley/inbox';
import { SESSION_SECURITY } from '../inbox-context';
import { conversationForDetails, conversationOverviews, leadsOf, recentSessions } from './inbox-view-queries';

const TAGS = ['inbox'];
const PREVIOUS_SESSIONS = 5;
const LEADS_SHOWN = 5;

/**
 * The inbox list with what each row shows (newest message, unread count), and the side panel of
 * one conversation (who the end user is, sessions, leads) in one request each.
 */
export async function conversationOverviewRoutes(app: FastifyInstance) {
  const presence = new PresenceStore(app.redis, app.redisNs);

  app.get(
    '/conversations',
    {
      schema: {
        tags: TAGS,
        operationId: 'listInboxConversations',
        summary: 'The inbox list (same filters and order as GET /api/conversations/) with each conversation\'s newest message and unread count',
        security: SESSION_SECURITY,
        querystring: ConversationListQuery,
        response: { 200: InboxConversationList, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const agent = (await request.loadAgent())!;
      const query = request.query as ConversationListQuery;
      const page = await listConversations(app.db, agent.orgId, {
        filter: query.filter ?? 'unassigned',
        agentId: agent.userId,
        limit: query.limit ?? 50,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      const overviews = await conversationOverviews(app.db, agent.orgId, page.items.map((c) => c.id));
      return {
        conversations: page.items.map((row) => {
          const overview = overviews.get(row.id);
          return { ...toConversationSummary(row), last_message: overview?.lastMessage ?? null, unread_count: overview?.unreadCount ?? 0 };
        }),
        next_cursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/conversations/:id',
    {
      schema: {
        tags: TAGS,
        operationId: 'getInboxConversation',
        summary: 'One list item, for a conversation the list has not loaded yet',
        security: SESSION_SECURITY,
        params: IdParams,
        response: { 200: InboxConversation, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const agent = (await request.loadAgent())!;
      const row = await getConversation(app.db, agent.orgId, (request.params as IdParams).id);
      const overview = (await conversationOverviews(app.db, agent.orgId, [row.id])).get(row.id);
      return { ...toConversationSummary(row), last_message: overview?.lastMessage ?? null, unread_count: overview?.unreadCount ?? 0 };
    },
  );

  app.get(
    '/conversations/:id/details',
    {
      schema: {
        tags: TAGS,
        operationId: 'getConversationDetails',
        summary: 'The end user, bot, channel, sessions and leads of one conversation',
        security: SESSION_SECURITY,
        params: IdParams,
        response: { 200: ConversationDetails, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const agent = (await request.loadAgent())!;
      const { id } = request.params as IdParams;
      const header = await conversationForDetails(app.db, agent.orgId, id);
      // A missing and another organization's conversation look the same, as on every inbox route.
      if (!header) throw conversationNotFound();
      const [{ sessions, count }, leads, online] = await Promise.all([
        recentSessions(app.db, agent.orgId, id, PREVIOUS_SESSIONS + 1),
        leadsOf(app.db, agent.orgId, header.end_user.id, id, LEADS_SHOWN),
        presence.isOnline(presenceSubject.endUser(agent.orgId, header.end_user.id)),
      ]);
      const open = sessions.find((s) => s.status === 'open') ?? null;
      return {
        conversation_id: id,
        ...header,
        end_user: { ...header.end_user, online },
        session: open,
        previous_sessions: sessions.filter((s) => s !== open).slice(0, PREVIOUS_SESSIONS),
        session_count: count,
        leads,
      };
    },
  );
}
