export * from './template-db';
export * from './test-database';
export * from './test-redis';
export * from './test-infra';
export * from './service-basics';
export * from './service-process';
export * from './openai-server';
export * from './eventually';
