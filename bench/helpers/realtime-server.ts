// A server node of the real-time benchmarks, in a process of its own: the widget-gateway (as
// main.ts builds it, minus logging), or one of the baselines (a plain `ws` relay, a bare `ws`
// server, a bare Socket.IO server). Driven over IPC by the bench process (see rpc-child.ts).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocket, WebSocketServer } from 'ws';
import { serveRpc } from './rpc-child';

type Config = typeof import('@parley/config');
type ServiceKit = typeof import('@parley/service-kit');
type GatewayApp = typeof import('../../apps/widget-gateway/src/app');

export type ServerStart =
  /** `logLevel`: log at that level (to stdout) instead of not logging at all. */
  | { kind: 'gateway'; env: Record<string, string>; consoleOrigins: string[]; logLevel?: string }
  /** The latency baseline: rooms and a relay between two nodes, directly or through Redis pub/sub. */
  | { kind: 'ws-relay'; mode: 'direct' | 'redis'; redisUrl?: string; channel?: string }
  | { kind: 'bare-ws' }
  | { kind: 'bare-socketio' };

export interface ServerMemory {
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
}

/** The same limits the gateway's transports use (realtime-connections.ts): 64 KB frames, no compression. */
const MAX_FRAME_BYTES = 64 * 1024;

let stop: () => Promise<unknown> = async () => undefined;
let link: (peerPort: number) => Promise<void> = async () => {
  throw new Error('only a direct ws-relay links to a peer');
};

async function start(opts: ServerStart): Promise<{ port: number; pid: number }> {
  if (opts.kind === 'gateway') {
    // Loaded here, so the baselines' processes do not carry the gateway's code.
    const { loadServiceConfig } = require('@parley/config') as Config;
    const { appOptionsFromConfig, createServiceDeps } = require('@parley/service-kit') as ServiceKit;
    const { buildApp } = require('../../apps/widget-gateway/src/app') as GatewayApp;
    const config = loadServiceConfig('widget-gateway', opts.env);
    const deps = createServiceDeps('widget-gateway', config);
    const logging = opts.logLevel ? { logLevel: opts.logLevel } : { logger: false };
    const app = await buildApp(deps, { ...appOptionsFromConfig(config), ...logging, consoleOrigins: opts.consoleOrigins });
    await app.listen({ host: '127.0.0.1', port: 0 });
    stop = () => app.close();
    return { port: (app.server.address() as AddressInfo).port, pid: process.pid };
  }

  const server = http.createServer((_req, res) => res.writeHead(404).end());
  if (opts.kind === 'bare-socketio') {
    const io = new SocketIoServer(server, { path: '/socket.io/', serveClient: false, maxHttpBufferSize: MAX_FRAME_BYTES, perMessageDeflate: false });
    io.on('connection', () => undefined);
    stop = () => io.close();
  } else if (opts.kind === 'bare-ws') {
    const wss = new WebSocketServer({ server, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
    stop = async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(r));
    };
  } else {
    stop = await relay(server, opts);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const inner = stop;
  stop = async () => {
    await inner();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  return { port: (server.address() as AddressInfo).port, pid: process.pid };
}

interface RelayMessage {
  id: string;
  seq: number;
  conversation_id: string;
  org: string;
  sender_type: string;
  content: string;
  content_type: 'text';
  created_at: string;
}

/**
 * The plain-`ws` counterpart of what the gateway does for a visitor message, with none of its
 * checks or storage: frames `{event, data, ack?}` as on `/v1/ws`; `join` enters conversation and
 * queue rooms; `send_message` takes the conversation's next seq, acknowledges `{id, seq}` and
 * fans the message out; every node delivers `message_received` to the conversation's room and
 * `conversation_updated` to the organization's queue room, as the gateway's fan-out does. Between
 * nodes: a WebSocket link to the peer (`direct`), or Redis pub/sub like the gateway's bus (`redis`).
 */
async function relay(server: http.Server, opts: Extract<ServerStart, { kind: 'ws-relay' }>) {
  const rooms = new Map<string, Set<WebSocket>>();
  const seqs = new Map<string, number>();
  const join = (ws: WebSocket, room: string) => {
    let members = rooms.get(room);
    if (!members) rooms.set(room, (members = new Set()));
    members.add(ws);
  };
  const emit = (room: string, event: string, data: unknown) => {
    const members = rooms.get(room);
    if (!members) return;
    const frame = JSON.stringify({ event, data });
    for (const ws of members) ws.send(frame);
  };
  const deliverLocal = (m: RelayMessage) => {
    emit(`conv:${m.conversation_id}`, 'message_received', m);
    emit(`queue:${m.org}`, 'conversation_updated', { conversation_id: m.conversation_id, sender_type: m.sender_type, content_type: m.content_type, content: m.content });
  };

  let fanout: (m: RelayMessage) => void;
  const closers: (() => Promise<unknown>)[] = [];
  if (opts.mode === 'redis') {
    const pub = new Redis(opts.redisUrl!);
    const sub = new Redis(opts.redisUrl!);
    await sub.subscribe(opts.channel!);
    sub.on('message', (_channel: string, raw: string) => deliverLocal(JSON.parse(raw) as RelayMessage));
    fanout = (m) => void pub.publish(opts.channel!, JSON.stringify(m));
    closers.push(() => Promise.all([pub.quit(), sub.quit()]));
  } else {
    let peer: WebSocket | undefined;
    link = async (peerPort) => {
      const ws = new WebSocket(`ws://127.0.0.1:${peerPort}/link`, { perMessageDeflate: false });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      peer = ws;
      closers.push(async () => ws.close());
    };
    fanout = (m) => {
      deliverLocal(m);
      peer?.send(JSON.stringify(m));
    };
  }

  const wss = new WebSocketServer({ server, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  wss.on('connection', (ws, req) => {
    if (req.url === '/link') {
      ws.on('message', (raw) => deliverLocal(JSON.parse(String(raw)) as RelayMessage));
      return;
    }
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { event: string; data: any; ack?: number };
      const ack = (data: unknown) => frame.ack !== undefined && ws.send(JSON.stringify({ event: 'ack', ack: frame.ack, data: { ok: true, data } }));
      if (frame.event === 'join') {
        for (const c of frame.data.conversations as string[]) join(ws, `conv:${c}`);
        join(ws, `queue:${frame.data.org}`);
        return ack({ joined: frame.data.conversations.length });
      }
      if (frame.event === 'send_message') {
        const conversationId = frame.data.conversation_id as string;
        const seq = (seqs.get(conversationId) ?? 0) + 1;
        seqs.set(conversationId, seq);
        join(ws, `conv:${conversationId}`);
        const message: RelayMessage = {
          id: randomUUID(),
          seq,
          conversation_id: conversationId,
          org: frame.data.org,
          sender_type: frame.data.sender_type,
          content: frame.data.content,
          content_type: 'text',
          created_at: new Date().toISOString(),
        };
        ack({ id: message.id, seq });
        fanout(message);
      }
    });
    ws.on('close', () => {
      for (const [room, members] of rooms) if (members.delete(ws) && members.size === 0) rooms.delete(room);
    });
  });
  return async () => {
    for (const c of wss.clients) c.terminate();
    await Promise.all(closers.map((c) => c()));
    await new Promise((r) => wss.close(r));
  };
}

function memory(): ServerMemory {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  const m = process.memoryUsage();
  return { rssBytes: Number(kb) * 1024, heapUsedBytes: m.heapUsed, externalBytes: m.external };
}

serveRpc(
  {
    start: (opts: ServerStart) => start(opts),
    link: (p: { peerPort: number }) => link(p.peerPort),
    /** Full collections (the process runs with --expose-gc), so RSS is read after garbage is gone. */
    gc: async () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) return false;
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 100));
      }
      return true;
    },
    memory: () => memory(),
  },
  () => stop(),
);
