import type { FastifyInstance } from 'fastify';
import { requireAgent } from '@parley/auth';
import type { CipherKeyring } from '@parley/security';
import { activityRoutes } from './activity';
import { botRoutes } from './bots';
import { channelRoutes } from './channels';
import { insightRoutes } from './insights';
import { knowledgeRoutes } from './knowledge';
import { leadRoutes } from './leads';
import { memberRoutes } from './members';

/** `/api/console/...`: the inbox console's backend. Admins (and owners) only; CSRF on writes. */
export async function consoleRoutes(app: FastifyInstance, opts: { cipher: CipherKeyring }) {
  // onRequest: without an admin session nothing else is looked at, not even the body.
  app.addHook('onRequest', requireAgent('admin'));
  await app.register(botRoutes, { prefix: '/bots', cipher: opts.cipher });
  await app.register(knowledgeRoutes, { prefix: '/bots' });
  await app.register(channelRoutes, { prefix: '/channels' });
  await app.register(memberRoutes, { prefix: '/members' });
  await app.register(leadRoutes, { prefix: '/leads' });
  await app.register(insightRoutes);
  await app.register(activityRoutes);
}
