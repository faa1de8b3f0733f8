import { appOptionsFromConfig, runService } from '@parley/service-kit';
import { buildApp } from './app';

void runService({
  service: 'notification',
  build: (deps, config) =>
    buildApp(deps, {
      ...appOptionsFromConfig(config),
      workersEnabled: config.WORKERS_ENABLED,
      pushWorkerConcurrency: config.PUSH_WORKER_CONCURRENCY,
      webhookWorkerConcurrency: config.WEBHOOK_WORKER_CONCURRENCY,
      webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
      webhookAllowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      push: {
        fcmBaseUrl: config.FCM_BASE_URL,
        fcmTokenUrl: config.FCM_TOKEN_URL,
        apns: { productionHost: config.APNS_PRODUCTION_HOST, sandboxHost: config.APNS_SANDBOX_HOST, port: config.APNS_PORT },
        timeoutMs: config.PUSH_REQUEST_TIMEOUT_MS,
      },
      lockDurationMs: config.WORKER_LOCK_DURATION_MS,
      stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS,
    }),
});
