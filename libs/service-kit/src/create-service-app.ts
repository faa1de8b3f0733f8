import Fastify, { LogController } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { busPlugin, pingRedis } from '@parley/bus';
import { statusPrefix, type ServiceName } from '@parley/config';
import { dbPlugin, pingDb } from '@parley/db';
import { genRequestId, healthPlugin, loggerOptions, metricsPlugin, REQUEST_ID_HEADER } from '@parley/observability';
import { authPlugin, rateLimitPlugin } from '@parley/auth';
import { DEFAULT_SECURITY, type AppOptions } from './app-options';
import type { ServiceDeps } from './deps';
import { installErrorHandling } from './error-handler';
import { openApiPlugin } from './openapi-plugin';

export interface ServiceAppOptions extends AppOptions {
  service: ServiceName;
}

/** `''` trusts no proxy: the socket's address is the client's. */
function trustProxySetting(list: string | undefined): false | string[] {
  const entries = (list ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return entries.length ? entries : false;
}

/**
 * The plumbing every service shares: request ids, JSON logs, the error taxonomy, body limits,
 * the database and Redis plugins (which own and close their connections), health and metrics.
 * A service's `buildApp` calls this and then registers only its own routes.
 */
export async function createServiceApp(deps: ServiceDeps, opts: ServiceAppOptions) {
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(opts.service, opts.logLevel ?? 'info'),
    genReqId: genRequestId,
    // false: Fastify would otherwise trust the header as is; genRequestId checks it first.
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: opts.bodyLimitBytes ?? 64 * 1024,
    // Only idle keep-alive sockets are cut on close; in-flight requests finish first.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    trustProxy: trustProxySetting(opts.trustedProxies),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  installErrorHandling(app);

  // Before any route, so every route the service adds is in the OpenAPI document.
  await app.register(openApiPlugin, { service: opts.service });
  // Registration order is closing order reversed: db first means the database closes last.
  await app.register(dbPlugin, { db: deps.db });
  await app.register(busPlugin, deps.redis);
  const security = { ...DEFAULT_SECURITY, ...opts.security };
  await app.register(rateLimitPlugin);
  await app.register(authPlugin, {
    sessionTtlSeconds: security.sessionTtlSeconds,
    requireHttps: security.requireHttps,
    widgetJwtSecrets: security.widgetJwtSecrets,
  });
  await app.register(metricsPlugin, { service: opts.service });
  await app.register(healthPlugin, {
    service: opts.service,
    aliasPrefix: statusPrefix(opts.service),
    checks: { postgres: () => pingDb(deps.db), redis: () => pingRedis(deps.redis.redis) },
  });
  return app;
}

export type ServiceFastify = Awaited<ReturnType<typeof createServiceApp>>;
