import { createServiceApp, type AppOptions, type ServiceDeps } from '@parley/service-kit';

/**
 * widget-gateway: the public edge for widgets and apps: `/v1/widget/*` over HTTP and SSE,
 * Socket.IO and WebSocket, the embed loader and the widget iframe.
 */
export async function buildApp(deps: ServiceDeps, options: AppOptions = {}) {
  const app = await createServiceApp(deps, { service: 'widget-gateway', ...options });
  return app;
}
