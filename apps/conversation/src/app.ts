import { createServiceApp, type AppOptions, type ServiceDeps } from '@parley/service-kit';

/**
 * conversation: conversations, sessions, messages and assignment; the agent REST API, console
 * and integration APIs, the bot, and the inbox single-page app.
 */
export async function buildApp(deps: ServiceDeps, options: AppOptions = {}) {
  const app = await createServiceApp(deps, { service: 'conversation', ...options });
  return app;
}
