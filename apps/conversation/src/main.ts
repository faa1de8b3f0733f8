import { appOptionsFromConfig, runService } from '@parley/service-kit';
import { buildApp } from './app';

void runService({ service: 'conversation', build: (deps, config) => buildApp(deps, appOptionsFromConfig(config)) });
