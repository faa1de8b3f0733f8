import { createServiceApp, DEFAULT_SECURITY, type AppOptions, type ServiceDeps } from '@parley/service-kit';
import { createCipherKeyring } from '@parley/security';
import { registerWorkers, type WorkerOptions } from './bot-worker';
import { agentConversationRoutes } from './routes/agent';
import { consoleRoutes } from './routes/console';
import { inboxAppRoutes, type InboxAppOptions } from './routes/inbox-app';
import { inboxViewRoutes } from './routes/inbox-views';
import { integrationRoutes } from './routes/integration';

export type ConversationAppOptions = AppOptions & WorkerOptions & InboxAppOptions;

/**
 * conversation: conversations, sessions, messages and assignment; the agent REST API, console
 * and integration APIs, the bot, and the inbox single-page app.
 */
export async function buildApp(deps: ServiceDeps, options: ConversationAppOptions = {}) {
  const app = await createServiceApp(deps, { service: 'conversation', ...options });
  const security = { ...DEFAULT_SECURITY, ...options.security };
  // Bots' provider keys are stored encrypted with ENCRYPTION_KEYS: the bot worker reads them back.
  const cipher = createCipherKeyring(security.encryptionKeys);
  // Three scopes, three kinds of caller: agent sessions, admin sessions, API keys.
  await app.register(agentConversationRoutes, { prefix: '/api/conversations' });
  await app.register(consoleRoutes, { prefix: '/api/console', cipher });
  await app.register(integrationRoutes, { prefix: '/v1/conversations' });
  await app.register(inboxViewRoutes, { prefix: '/api/inbox' });
  await app.register(inboxAppRoutes, { inboxAssetsDir: options.inboxAssetsDir });
  if (options.workersEnabled) await registerWorkers(app, deps, options);
  return app;
}
