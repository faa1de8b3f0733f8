import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { InboxDeps, InboxMeta } from '@parley/inbox';

/** The inbox functions' deps for one request: its logger keeps a failed publish from failing a committed change. */
export const inboxDeps = (app: FastifyInstance, request: FastifyRequest): InboxDeps => ({
  db: app.db,
  events: app.events,
  log: request.log,
  queues: app.queues,
});
export const inboxMeta = (request: FastifyRequest): InboxMeta => ({ requestId: request.id });

/** OpenAPI security requirements of the three kinds of caller. */
export const SESSION_SECURITY = [{ session: [] }];
export const SESSION_WRITE_SECURITY = [{ session: [], csrf: [] }];
export const API_KEY_SECURITY = [{ apiKey: [] }];
