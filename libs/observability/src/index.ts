export * from './logger';
export * from './metrics-plugin';
export * from './health-plugin';
