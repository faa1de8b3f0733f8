import type { FastifyBaseLogger } from 'fastify';
import type { EventBus, QueueRegistry, RedisClient, RedisNamespace } from '@parley/bus';
import type { Db } from '@parley/db';
import type { MessageDelivery } from './message-delivery';
import type { PresenceTracker } from './presence-tracker';
import type { RealtimeClient } from './realtime-client';
import type { RoomHub } from './room-hub';
import type { TypingTracker } from './typing-tracker';
import type { BotCache } from '../widget-config/bot-cache';

/** What the event handlers work with, whichever transport the event came in on. */
export interface RealtimeDeps {
  db: Db;
  events: EventBus;
  queues: QueueRegistry;
  redis: RedisClient;
  ns: RedisNamespace;
  log: FastifyBaseLogger;
  hub: RoomHub;
  delivery: MessageDelivery;
  typing: TypingTracker;
  presence: PresenceTracker;
  nodeId: string;
  /** Bot rows, cached per node (widget-config). */
  bots: BotCache;
}

export interface HandlerContext {
  deps: RealtimeDeps;
  client: RealtimeClient;
  /** One id per event, like an HTTP request's, carried into the jobs and events it causes. */
  requestId: string;
}
