// Transport-agnostic inbox rules, shared by the REST routes (conversation service) and the
// Socket.IO handlers (widget gateway). Every change publishes its topic on the bus.
export * from './inbox-deps';
export * from './inbox-errors';
export * from './assign-conversation';
export * from './resolve-conversation';
export * from './session-tags';
export * from './send-message';
export * from './message-content';
export * from './conversation-queries';
export * from './views';
export * from './list-cursor';
