import { appOptionsFromConfig, runService } from '@parley/service-kit';
import { buildApp } from './app';

void runService({
  service: 'conversation',
  build: (deps, config) =>
    buildApp(deps, {
      ...appOptionsFromConfig(config),
      workersEnabled: config.WORKERS_ENABLED,
      botWorkerConcurrency: config.BOT_WORKER_CONCURRENCY,
      botProviderTimeouts: { timeoutMs: config.BOT_PROVIDER_TIMEOUT_MS, idleTimeoutMs: config.BOT_PROVIDER_IDLE_TIMEOUT_MS },
    }),
});
