export * from './errors';
export * from './health';
export * from './domain';
export * from './topics';
export * from './queues';
export * from './socket-events';
