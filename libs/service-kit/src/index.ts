export * from './create-service-app';
export * from './deps';
export * from './error-handler';
export * from './run-service';
export * from './app-options';
export * from './openapi-plugin';
