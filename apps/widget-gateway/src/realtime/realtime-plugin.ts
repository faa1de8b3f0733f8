import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { OriginPolicy } from '../origins/origin-policy';
import { createConnectionGate } from './connection-auth';
import { subscribeFanout } from './fanout';
import { MessageDelivery } from './message-delivery';
import { DEFAULT_PRESENCE_TIMING, PresenceTracker, type PresenceTiming } from './presence-tracker';
import type { RealtimeDeps } from './realtime-deps';
import { RoomHub } from './room-hub';
import { attachSocketIo } from './socketio-transport';
import { TypingTracker } from './typing-tracker';
import { registerWsEndpoint } from './ws-transport';

export interface RealtimeOptions {
  policy: OriginPolicy;
  /** CONSOLE_ORIGINS: pages whose connections may use an agent's session cookie. */
  consoleOrigins: readonly string[];
  presence?: Partial<PresenceTiming>;
  typingClearMs?: number;
}

/**
 * The real-time layer: Socket.IO at `/socket.io/` and plain WebSocket at `/v1/ws`, one set of
 * handlers, rooms fanned out through the bus. Closing the app disconnects every client first
 * (they reconnect to another node and resume from their last `seq`).
 */
export async function registerRealtime(app: FastifyInstance, opts: RealtimeOptions): Promise<void> {
  // Unique per process: presence entries and "skip the sender" name connections by it.
  const nodeId = `${hostname().replace(/:/g, '-')}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const onError = (err: unknown) => app.log.warn({ err }, 'realtime background task failed');
  const hub = new RoomHub();
  const delivery = new MessageDelivery(app.db, (err, context) => app.log.error({ err, ...context }, 'message replay failed'));
  const typing = new TypingTracker(app.events, nodeId, onError, opts.typingClearMs);
  const presence = new PresenceTracker(app.redis, app.redisNs, app.events, nodeId, { ...DEFAULT_PRESENCE_TIMING, ...opts.presence }, onError);
  const deps: RealtimeDeps = { db: app.db, events: app.events, queues: app.queues, redis: app.redis, ns: app.redisNs, log: app.log, hub, delivery, typing, presence, nodeId, bots: app.bots };

  await subscribeFanout(app.events, hub, delivery, nodeId);
  const gate = createConnectionGate({ consoleOrigins: opts.consoleOrigins, policy: opts.policy, sessions: app.sessions, widgetTokens: app.widgetTokens });
  const io = attachSocketIo(app, deps, gate);
  await registerWsEndpoint(app, deps, gate);

  app.addHook('preClose', async () => {
    io.local.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    presence.close();
    await io.close().catch(() => undefined);
  });
}
