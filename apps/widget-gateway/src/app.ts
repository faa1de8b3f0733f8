import { createIdentityVerifier } from '@parley/auth';
import { telemetryRepository, type NewTelemetryEvent } from '@parley/db';
import { createCipherKeyring } from '@parley/security';
import { createServiceApp, DEFAULT_SECURITY, type AppOptions, type ServiceDeps } from '@parley/service-kit';
import { registerRealtime, type RealtimeOptions } from './realtime/realtime-plugin';
import { historyRoutes } from './routes/history';
import { widgetAssetRoutes } from './routes/widget-assets';
import { widgetApiRoutes } from './routes/widget-api';
import { widgetConfigPlugin } from './widget-config';
import { WriteBehindBuffer, type WriteBehindOptions } from './write-behind/write-behind-buffer';

/** Telemetry is written behind: every second, or at once when 500 events wait. */
const DEFAULT_TELEMETRY_BUFFER: WriteBehindOptions = { flushIntervalMs: 1000, maxBatch: 500, maxBuffered: 50_000, what: 'telemetry events' };

export interface WidgetGatewayOptions extends AppOptions {
  /** How telemetry events are batched into Postgres. */
  telemetry?: Partial<Omit<WriteBehindOptions, 'what'>>;
  /** Comment heartbeats on open SSE streams (the reference's clients expect one every 15 s). */
  sseHeartbeatMs?: number;
  /** CONSOLE_ORIGINS, parsed; default: the dev edge. */
  consoleOrigins?: readonly string[];
  /** The built web widget; default: @parley/chat-widget's dist/web. */
  widgetAssetsDir?: string;
  /** Presence and typing timings (tests shorten them). */
  realtime?: Pick<RealtimeOptions, 'presence' | 'typingClearMs'>;
}

export const DEFAULT_CONSOLE_ORIGINS = ['http://localhost:8080', 'http://127.0.0.1:8080'];

/**
 * widget-gateway: the public edge for widgets and apps: `/v1/widget/*` over HTTP and SSE,
 * Socket.IO and WebSocket, the embed loader and the widget iframe.
 */
export async function buildApp(deps: ServiceDeps, options: WidgetGatewayOptions = {}) {
  const app = await createServiceApp(deps, { service: 'widget-gateway', ...options });
  const security = { ...DEFAULT_SECURITY, ...options.security };
  const verifier = createIdentityVerifier({
    db: app.db,
    redis: app.redis,
    ns: app.redisNs,
    // HS256 client secrets are stored encrypted with ENCRYPTION_KEYS: verifying needs them back.
    cipher: createCipherKeyring(security.encryptionKeys),
    audience: security.identityAudience,
    onKeyError: (info, err) => app.log.error({ ...info, err }, 'an app signing key cannot be decrypted; it is skipped'),
  });
  const telemetry = new WriteBehindBuffer<NewTelemetryEvent>((rows) => telemetryRepository(app.db).insertMany(rows), app.log, {
    ...DEFAULT_TELEMETRY_BUFFER,
    ...options.telemetry,
  });
  // Added after the database and Redis plugins, so it runs before they close (onClose is LIFO):
  // the last buffered events are written while the database is still there.
  app.addHook('onClose', () => telemetry.close());

  // Before every route that reads embed tokens, bots or their origins: it owns those caches and their listener.
  await app.register(widgetConfigPlugin, { databaseUrl: deps.databaseUrl });
  const policy = app.originPolicy;
  await app.register(widgetApiRoutes, {
    prefix: '/v1/widget',
    policy,
    verifier,
    telemetry,
    sseHeartbeatMs: options.sseHeartbeatMs ?? 15_000,
    databaseUrl: deps.databaseUrl,
  });
  await app.register(historyRoutes, { prefix: '/chat-widget' });
  await app.register(widgetAssetRoutes, { prefix: '/chat-widget', policy, assetsDir: options.widgetAssetsDir });
  await registerRealtime(app, { policy, consoleOrigins: options.consoleOrigins ?? DEFAULT_CONSOLE_ORIGINS, ...options.realtime });
  return app;
}
