import { createServiceApp, DEFAULT_SECURITY, type AppOptions, type ServiceDeps } from '@parley/service-kit';
import { createCipherKeyring } from '@parley/security';
import { apiKeyRoutes } from './routes/api-keys';
import { appRoutes } from './routes/apps';
import { embedTokenRoutes } from './routes/embed-tokens';
import { authSessionRoutes } from './routes/session';
import { tokenRoutes } from './routes/token';

/**
 * auth-token: logins, sessions, CSRF, API keys, embed tokens, registered apps, JWT issuing and
 * verification. Builds the app without listening; `main.ts` listens.
 */
export async function buildApp(deps: ServiceDeps, options: AppOptions = {}) {
  const app = await createServiceApp(deps, { service: 'auth-token', ...options });
  const security = { ...DEFAULT_SECURITY, ...options.security };
  // HS256 client secrets are stored encrypted with ENCRYPTION_KEYS: signing needs them back.
  const cipher = createCipherKeyring(security.encryptionKeys);
  await app.register(authSessionRoutes, { prefix: '/auth' });
  await app.register(embedTokenRoutes, { prefix: '/api/embed-tokens' });
  await app.register(apiKeyRoutes, { prefix: '/api/api-keys' });
  await app.register(appRoutes, { prefix: '/api/apps', cipher });
  await app.register(tokenRoutes, { prefix: '/v1/auth', cipher, audience: security.identityAudience });
  return app;
}
