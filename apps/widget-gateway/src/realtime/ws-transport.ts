import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { Compile } from 'typebox/compile';
import { AppError, ErrorCode, HandshakeAuth, type AckPayload } from '@parley/contracts';
import type { ConnectionGate } from './connection-auth';
import { dispatch, isClientEvent } from './dispatcher';
import type { Identity, RealtimeClient } from './realtime-client';
import type { RealtimeDeps } from './realtime-deps';
import { MAX_BACKLOG_BYTES, MAX_FRAME_BYTES, connected, disconnected, guardedSend } from './realtime-connections';

const checkHello = Compile(HandshakeAuth);
/** A connection that has not said `hello` by then is closed. */
const HELLO_TIMEOUT_MS = 10_000;

interface Frame {
  event: string;
  data?: unknown;
  ack?: string | number;
}

/**
 * Routes HTTP upgrades: `/socket.io/` to engine.io (which listens on the server itself), every
 * other path to @fastify/websocket, which then runs them through Fastify's router and hooks.
 * Without this both would answer every upgrade.
 */
export function upgradeRelay(app: FastifyInstance): EventEmitter {
  const relay = new EventEmitter();
  app.server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/socket.io/')) relay.emit('upgrade', req, socket, head);
  });
  return relay;
}

/**
 * `/v1/ws`: the same events, rooms and resume for clients that do not want Socket.IO. JSON
 * frames `{event, data, ack?}`; an `ack` id is answered with `{event: "ack", ack, data}`. The
 * first frame must be `hello` with what Socket.IO's handshake `auth` carries (token, resume
 * position): tokens never travel in the URL, where proxies and logs would keep them.
 */
export async function registerWsEndpoint(app: FastifyInstance, deps: RealtimeDeps, gate: ConnectionGate): Promise<void> {
  await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES, server: upgradeRelay(app) as never } });
  app.get(
    '/v1/ws',
    {
      websocket: true,
      // Before the upgrade: a refused Origin gets a plain 403 and never a WebSocket.
      onRequest: async (request) => {
        if (!(await gate.originAllowed(request.headers.origin, request.headers))) {
          throw new AppError(403, ErrorCode.ORIGIN_NOT_ALLOWED, `Origin ${request.headers.origin} may not open a connection`);
        }
      },
      schema: { hide: true },
    },
    (socket, request) => {
      let client: RealtimeClient | undefined;
      const send = (frame: object) => socket.send(JSON.stringify(frame));
      const timer = setTimeout(() => socket.close(4401, 'hello expected'), HELLO_TIMEOUT_MS);
      socket.on('message', (raw, isBinary) => {
        const frame = parseFrame(raw, isBinary);
        if (!frame) return send({ event: 'error', data: { code: ErrorCode.VALIDATION_FAILED, message: 'Frames are JSON {event, data, ack?}' } });
        const ack = frame.ack === undefined ? undefined : (data: AckPayload) => send({ event: 'ack', ack: frame.ack, data });
        if (!client) {
          if (frame.event !== 'hello' || !checkHello.Check(frame.data ?? {})) {
            return socket.close(4400, 'the first frame must be hello');
          }
          clearTimeout(timer);
          const hello = (frame.data ?? {}) as HandshakeAuth;
          gate.identify(request.headers, hello.token).then(
            (identity) => {
              client = wsClient(socket, identity, send);
              ack?.({ ok: true, data: { kind: identity.kind } });
              void connected(deps, client, hello).catch((err: unknown) => request.log.warn({ err }, 'websocket setup failed'));
            },
            (err: unknown) => {
              const code = err instanceof AppError ? err.code : ErrorCode.INTERNAL;
              send({ event: 'error', data: { code, message: err instanceof AppError ? err.message : 'Connection refused' } });
              socket.close(4401, code);
            },
          );
          return;
        }
        if (!isClientEvent(frame.event)) {
          const error = { code: ErrorCode.VALIDATION_FAILED, message: `Unknown event ${frame.event}` };
          send({ event: 'error', data: error });
          return ack?.({ ok: false, error });
        }
        void dispatch(deps, client, frame.event, frame.data, ack);
      });
      socket.on('close', () => {
        clearTimeout(timer);
        if (client) void disconnected(deps, client, request.log);
      });
    },
  );
}

function parseFrame(raw: unknown, isBinary: boolean): Frame | null {
  if (isBinary) return null;
  try {
    const value = JSON.parse(String(raw)) as unknown;
    if (!value || typeof value !== 'object' || typeof (value as Frame).event !== 'string') return null;
    const ack = (value as Frame).ack;
    if (ack !== undefined && typeof ack !== 'string' && typeof ack !== 'number') return null;
    return value as Frame;
  } catch {
    return null;
  }
}

function wsClient(socket: WebSocket, identity: Identity, send: (frame: object) => void): RealtimeClient {
  const client: RealtimeClient = {
    id: `ws-${randomUUID()}`,
    identity,
    grants: new Map(),
    rooms: new Set(),
    backlog: () => socket.bufferedAmount,
    drop: (reason) => socket.close(1013, reason.slice(0, 100)),
    send: (event, data) => guardedSend(client, MAX_BACKLOG_BYTES, () => send({ event, data })),
  };
  return client;
}
