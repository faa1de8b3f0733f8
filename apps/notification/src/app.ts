import { createServiceApp, DEFAULT_SECURITY, type AppOptions, type ServiceDeps } from '@parley/service-kit';
import { createCipherKeyring } from '@parley/security';
import { deviceRoutes } from './routes/devices';
import { pushCredentialRoutes } from './routes/push-credentials';
import { webhookRoutes } from './routes/webhooks';
import { registerWorkers, type NotificationWorkerOptions } from './workers';

export type NotificationAppOptions = AppOptions & NotificationWorkerOptions;

/**
 * notification: FCM/APNs pushes to end users' phones and signed webhooks. Routes: device
 * registration (`/v1/push/devices`, widget token), push credentials and push dead letters
 * (`/api/push`, admins), webhook endpoints and deliveries (`/api/webhooks`, admins). With
 * workers enabled it also runs the `send-push` and `deliver-webhook` workers and the fan-out
 * from pub/sub events to webhook deliveries.
 */
export async function buildApp(deps: ServiceDeps, options: NotificationAppOptions = {}) {
  const app = await createServiceApp(deps, { service: 'notification', ...options });
  const security = { ...DEFAULT_SECURITY, ...options.security };
  // Push credentials and webhook secrets are sealed with ENCRYPTION_KEYS: sending needs them back.
  const cipher = createCipherKeyring(security.encryptionKeys);
  await app.register(deviceRoutes, { prefix: '/v1/push/devices' });
  await app.register(pushCredentialRoutes, { prefix: '/api/push', cipher });
  await app.register(webhookRoutes, { prefix: '/api/webhooks', cipher });
  if (options.workersEnabled) await registerWorkers(app, deps, cipher, options);
  return app;
}
