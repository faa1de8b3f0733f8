import { createServiceApp, type AppOptions, type ServiceDeps } from '@parley/service-kit';

/**
 * notification: FCM/APNs pushes and signed webhooks, run from BullMQ queues. Its queue workers
 * will be registered through `workersPlugin` (libs/bus), which closes them before queues, Redis
 * and the database.
 */
export async function buildApp(deps: ServiceDeps, options: AppOptions = {}) {
  const app = await createServiceApp(deps, { service: 'notification', ...options });
  return app;
}
