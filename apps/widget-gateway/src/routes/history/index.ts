import type { FastifyInstance } from 'fastify';
import {
  ErrorBody,
  ErrorCode,
  HISTORY_MESSAGES,
  HistoryParams,
  HistoryQuery,
  HistoryResponse,
  notFound,
  WIDGET_RATE_LIMITS,
} from '@parley/contracts';
import { createRepositories } from '@parley/db';
import { toWidgetMessage } from '@parley/db';

/**
 * `GET /chat-widget/history/:conversation_id?external_id=`: the widget's own history, no session
 * needed (reference: End User (Widget) — public endpoint). The external id must be the
 * conversation's end user. For a verified end user it is not enough: their external id is an
 * integrator's user id, possibly guessable, so a widget token for this conversation is required
 * too. Every refusal is the same 404, so nobody learns which conversations exist or whose they are.
 */
export async function historyRoutes(app: FastifyInstance) {
  const { widgetConversations: conversations, messages } = createRepositories(app.db);
  app.get(
    '/history/:conversation_id',
    {
      config: { rateLimit: { max: WIDGET_RATE_LIMITS.history.max, timeWindow: WIDGET_RATE_LIMITS.history.timeWindowMs } },
      schema: {
        tags: ['widget'],
        summary: "The last 100 messages of a visitor's conversation",
        operationId: 'getWidgetHistory',
        params: HistoryParams,
        querystring: HistoryQuery,
        response: { 200: HistoryResponse, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => {
      const { conversation_id: conversationId } = request.params as HistoryParams;
      const { external_id: externalId } = request.query as HistoryQuery;
      const refused = () => notFound('Conversation', ErrorCode.CONVERSATION_NOT_FOUND);
      const found = await conversations.findForHistory(conversationId, externalId);
      if (!found) throw refused();
      if (found.verified) {
        const token = await request.loadWidget();
        if (!token || token.conversationId !== found.id || token.visitorId !== externalId) throw refused();
      }
      const rows = await messages.page(found.orgId, found.id, { limit: HISTORY_MESSAGES, offset: 0 });
      return rows.map(toWidgetMessage);
    },
  );
}
