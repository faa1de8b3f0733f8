import type { FastifyInstance } from 'fastify';
import { requireAgent } from '@parley/auth';
import { conversationOverviewRoutes } from './conversation-overview';
import { teamDirectoryRoutes } from './team-directory';

/**
 * `/api/inbox/...`: reads the inbox app needs beyond the reference's agent API, for any
 * logged-in user of the organization. Read-only, so no CSRF; another organization's
 * conversation is 404 like everywhere else.
 */
export async function inboxViewRoutes(app: FastifyInstance) {
  app.addHook('onRequest', requireAgent('agent'));
  await app.register(conversationOverviewRoutes);
  await app.register(teamDirectoryRoutes);
}
