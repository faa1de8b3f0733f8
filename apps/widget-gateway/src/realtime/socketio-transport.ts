import type { FastifyInstance } from 'fastify';
import { Server, type Socket } from 'socket.io';
import { Compile } from 'typebox/compile';
import { AppError, ErrorCode, HandshakeAuth } from '@parley/contracts';
import type { ConnectionGate } from './connection-auth';
import { CLIENT_EVENT_NAMES, dispatch } from './dispatcher';
import type { Identity, RealtimeClient } from './realtime-client';
import type { RealtimeDeps } from './realtime-deps';
import { MAX_BACKLOG_PACKETS, MAX_FRAME_BYTES, connected, disconnected, guardedSend } from './realtime-connections';

const checkAuth = Compile(HandshakeAuth);

interface SocketData {
  identity: Identity;
  resume: HandshakeAuth;
}

/**
 * The Socket.IO v4 server itself (so every official client works unmodified) at `/socket.io/`.
 * Rooms and fan-out are ours (RoomHub + the bus), shared with the plain WebSocket endpoint, so
 * no Socket.IO adapter is needed across nodes. Connection-state recovery is off: resuming is by
 * `seq` (handshake `auth.last_seq` or `join_conversation`), which re-authenticates every time.
 */
export function attachSocketIo(app: FastifyInstance, deps: RealtimeDeps, gate: ConnectionGate): Server {
  const io = new Server(app.server, {
    path: '/socket.io/',
    serveClient: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    // Upgrades on other paths belong to /v1/ws: leave them alone instead of closing them.
    destroyUpgrade: false,
    cors: {
      origin: (origin, cb) => void gate.originAllowed(origin).then((ok) => cb(null, ok ? origin ?? false : false), cb),
      credentials: true,
    },
    // CORS does not apply to WebSockets: the Origin is checked on every handshake request.
    allowRequest: (req, cb) => void gate.originAllowed(req.headers.origin, req.headers).then((ok) => cb(ok ? null : ErrorCode.ORIGIN_NOT_ALLOWED, ok), (err) => cb(String(err), false)),
  });

  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as unknown;
    if (!checkAuth.Check(auth)) return next(refusal(new AppError(400, ErrorCode.VALIDATION_FAILED, 'Invalid handshake auth')));
    gate.identify(socket.request.headers, auth.token).then(
      (identity) => {
        (socket.data as SocketData) = { identity, resume: auth };
        next();
      },
      (err: unknown) => next(refusal(err)),
    );
  });

  io.on('connection', (socket: Socket) => {
    const data = socket.data as SocketData;
    const client = socketClient(socket, data.identity);
    for (const name of CLIENT_EVENT_NAMES) {
      socket.on(name, (payload: unknown, ack?: unknown) => {
        void dispatch(deps, client, name, payload, typeof ack === 'function' ? (ack as (p: unknown) => void) : undefined);
      });
    }
    socket.on('disconnect', () => void disconnected(deps, client, app.log));
    void connected(deps, client, data.resume).catch((err: unknown) => app.log.warn({ err, clientId: client.id }, 'socket setup failed'));
  });
  return io;
}

function socketClient(socket: Socket, identity: Identity): RealtimeClient {
  const client: RealtimeClient = {
    id: socket.id,
    identity,
    grants: new Map(),
    rooms: new Set(),
    // engine.io's queue of packets not yet flushed to the transport (typed private, stable since v3).
    backlog: () => (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length,
    drop: () => socket.disconnect(true),
    send: (event, payload) => guardedSend(client, MAX_BACKLOG_PACKETS, () => socket.emit(event, payload)),
  };
  return client;
}

/** A refused handshake: the client's `connect_error` carries our code in `err.data`. */
function refusal(err: unknown): Error {
  const e = new Error(err instanceof AppError ? err.message : 'Connection refused') as Error & { data: unknown };
  e.data = { code: err instanceof AppError ? err.code : ErrorCode.INTERNAL };
  return e;
}
