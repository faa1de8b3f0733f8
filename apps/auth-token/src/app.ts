import { createServiceApp, type AppOptions, type ServiceDeps } from '@parley/service-kit';

/**
 * auth-token: logins, sessions, CSRF, API keys, embed tokens, registered apps, JWT issuing and
 * verification. Builds the app without listening; `main.ts` listens.
 */
export async function buildApp(deps: ServiceDeps, options: AppOptions = {}) {
  const app = await createServiceApp(deps, { service: 'auth-token', ...options });
  return app;
}
