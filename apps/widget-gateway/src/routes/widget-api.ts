import type { FastifyInstance } from 'fastify';
import type { IdentityVerifier } from '@parley/auth';
import type { OriginPolicy } from '../origins/origin-policy';
import { installWidgetCors } from '../origins/widget-cors';
import type { NewTelemetryEvent } from '@parley/db';
import type { WriteBehindBuffer } from '../write-behind/write-behind-buffer';
import { eventRoutes } from './events';
import { initRoutes } from './init';
import { leadRoutes } from './leads';
import { messageRoutes } from './messages';

export interface WidgetApiOptions {
  policy: OriginPolicy;
  verifier: IdentityVerifier;
  telemetry: WriteBehindBuffer<NewTelemetryEvent>;
  sseHeartbeatMs: number;
  /** Postgres, for the LISTEN connections of `/init`'s cache; none in some tests. */
  databaseUrl: string | undefined;
}

/**
 * `/v1/widget/*`: one scope, so the CORS hook and the preflight route cover every widget route,
 * including `/messages` and `/messages/stream`.
 */
export async function widgetApiRoutes(app: FastifyInstance, opts: WidgetApiOptions) {
  installWidgetCors(app, opts.policy);
  await app.register(initRoutes, { prefix: '/init', verifier: opts.verifier, databaseUrl: opts.databaseUrl });
  await app.register(leadRoutes, { prefix: '/leads', policy: opts.policy });
  await app.register(eventRoutes, { prefix: '/events', policy: opts.policy, buffer: opts.telemetry });
  await app.register(messageRoutes, { prefix: '/messages', policy: opts.policy, heartbeatMs: opts.sseHeartbeatMs });
}
