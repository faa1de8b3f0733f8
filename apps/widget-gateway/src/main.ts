import { appOptionsFromConfig, runService } from '@parley/service-kit';
import { buildApp } from './app';

void runService({
  service: 'widget-gateway',
  build: (deps, config) => buildApp(deps, { ...appOptionsFromConfig(config), consoleOrigins: config.CONSOLE_ORIGINS.split(',') }),
});
