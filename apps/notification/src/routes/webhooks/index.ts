import type { FastifyInstance } from 'fastify';
import { requireAgent } from '@parley/auth';
import type { CipherKeyring } from '@parley/security';
import { webhookDeliveries, webhookEndpoints } from '@parley/webhooks';
import { webhookDeliveryRoutes } from './deliveries';
import { webhookEndpointRoutes } from './endpoints';

/** `/api/webhooks`: admins only (session + CSRF on writes). */
export async function webhookRoutes(app: FastifyInstance, opts: { cipher: CipherKeyring }) {
  app.addHook('onRequest', requireAgent('admin'));
  const deps = { endpoints: webhookEndpoints(app.db, opts.cipher), deliveries: webhookDeliveries(app.db, app.queues) };
  await app.register(webhookDeliveryRoutes, deps);
  await app.register(webhookEndpointRoutes, deps);
}
