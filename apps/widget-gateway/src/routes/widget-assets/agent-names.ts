import type { FastifyInstance } from 'fastify';
import { ErrorBody, ErrorCode, notFound } from '@parley/contracts';
import { userRepository } from '@parley/db';
import type { OriginPolicy } from '../../origins/origin-policy';
import { requireWidget, widgetAuth } from '../../origins/widget-auth';
import { perWidgetSubject } from '../rate-limit-keys';
import { AgentParams, AgentView } from './schemas';

/**
 * `GET /chat-widget/agents/:agent_id` (widget token): the display name the widget shows above an
 * agent's replies. Messages carry only the agent's user id; the name is given out only for agents
 * who have written in the caller's own conversation, so a visitor cannot list the team.
 */
export async function agentNameRoutes(app: FastifyInstance, opts: { policy: OriginPolicy }) {
  const users = userRepository(app.db);
  app.get(
    '/agents/:agent_id',
    {
      onRequest: requireWidget(opts.policy),
      config: { rateLimit: { max: 120, timeWindow: 60_000, keyGenerator: perWidgetSubject('agent-names') } },
      schema: {
        tags: ['widget'],
        operationId: 'getWidgetAgentName',
        summary: 'The display name of an agent who wrote in this conversation',
        security: [{ widgetToken: [] }],
        params: AgentParams,
        response: { 200: AgentView, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => {
      const { agent_id: agentId } = request.params as AgentParams;
      const auth = await widgetAuth(request);
      const wrote = await app.db.message.findFirst({
        where: { organizationId: auth.orgId, conversationId: auth.conversationId, senderType: 'agent', senderId: agentId },
        select: { id: true },
      });
      const user = wrote ? await users.findById(auth.orgId, agentId) : null;
      if (!user) throw notFound('Agent', ErrorCode.AGENT_NOT_FOUND);
      return { id: user.id, name: user.displayName };
    },
  );
}
