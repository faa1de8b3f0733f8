import { createServiceApp, type AppOptions, type ServiceDeps } from '@parley/service-kit';
import { registerWorkers, type WorkerOptions } from './bot-worker';

export type ConversationAppOptions = AppOptions & WorkerOptions;

/**
 * conversation: conversations, sessions, messages and assignment; the agent REST API, console
 * and integration APIs, the bot, and the inbox single-page app.
 */
export async function buildApp(deps: ServiceDeps, options: ConversationAppOptions = {}) {
  const app = await createServiceApp(deps, { service: 'conversation', ...options });
  if (options.workersEnabled) await registerWorkers(app, deps, options);
  return app;
}
