import type { FastifyInstance } from 'fastify';
import { requireAgent } from '@parley/auth';
import { acceptEmptyJsonBodies } from '../optional-body';
import { conversationActionRoutes } from './conversation-actions';
import { conversationReadRoutes } from './conversation-reads';

/**
 * `/api/conversations/...`: the agent REST API (reference: Authentication). Any logged-in user
 * of the organization (agent role and up); CSRF on every write. Another organization's
 * conversation answers 404 on every route, exactly like a missing one.
 */
export async function agentConversationRoutes(app: FastifyInstance) {
  // onRequest: without a session nothing else is looked at, not even the body.
  app.addHook('onRequest', requireAgent('agent'));
  acceptEmptyJsonBodies(app);
  await app.register(conversationReadRoutes);
  await app.register(conversationActionRoutes);
}
