export * from './redis';
export * from './event-bus';
export * from './queues';
export * from './bus-plugin';
export * from './presence';
export * from './dead-letters';
