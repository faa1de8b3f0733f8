import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';
import { Compile } from 'typebox/compile';
import { ServerEvents, type AckPayload, type ServerEventName, type UserRole } from '@parley/contracts';
import { SessionStore } from '@parley/auth';
import { createRepositories, type OrgId } from '@parley/db';
import type { TestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { SITE } from './fixtures';

export const CONSOLE = 'http://localhost:8080';

/** A gateway node listening on a real port, as a load balancer would see it. */
export interface Node {
  app: FastifyInstance;
  url: string;
}

export async function startNode(infra: TestInfra, opts: { heartbeatMs?: number; ttlMs?: number; typingClearMs?: number } = {}): Promise<Node> {
  const app = await buildApp(infra.deps(), {
    logger: false,
    consoleOrigins: [CONSOLE],
    realtime: { presence: { ttlMs: opts.ttlMs ?? 3_000, heartbeatMs: opts.heartbeatMs ?? 500 }, typingClearMs: opts.typingClearMs ?? 300 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/** An active agent of the organization and a session cookie for them. */
export async function seedAgent(infra: TestInfra, orgId: OrgId, role: UserRole = 'agent') {
  const user = await createRepositories(infra.db).users.create(orgId, {
    email: `agent-${randomBytes(4).toString('hex')}@example.com`,
    displayName: 'Agent',
    role,
    passwordHash: 'not-used-here',
  });
  const sessions = new SessionStore(infra.redis.redis, infra.redis.ns, 3600);
  const { sessionId } = await sessions.create({ id: user.id, orgId, role });
  return { userId: user.id, cookie: `session=${sessionId}` };
}

const open: Socket[] = [];

/** socket.io-client over WebSocket, as a browser on `origin` (or a native app: origin null). */
export function connect(url: string, opts: { origin?: string | null; cookie?: string; auth?: Record<string, unknown> } = {}): Socket {
  const origin = opts.origin === undefined ? SITE : opts.origin;
  const headers: Record<string, string> = { ...(origin ? { origin } : {}), ...(opts.cookie ? { cookie: opts.cookie } : {}) };
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers, auth: opts.auth ?? {} });
  open.push(socket);
  return socket;
}

export function closeSockets(): void {
  for (const s of open.splice(0)) s.disconnect();
}

export function connected(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Emits and waits for the acknowledgement; throws the error payload of a refused event. */
export async function call(socket: Socket, event: string, data: unknown = {}): Promise<any> {
  const answer = (await socket.timeout(5_000).emitWithAck(event, data)) as AckPayload;
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
  return answer.data;
}

const validators = new Map<string, ReturnType<typeof Compile>>();
/** The next `event` matching `where`, checked against the contract's payload schema. */
export function next<T = any>(socket: Socket, event: ServerEventName, where: (p: T) => boolean = () => true, timeoutMs = 5_000): Promise<T> {
  let v = validators.get(event);
  if (!v) validators.set(event, (v = Compile(ServerEvents[event])));
  const check = v;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (payload: T) => {
      if (!where(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      if (!check.Check(payload)) reject(new Error(`${event} payload does not match the contract: ${JSON.stringify(payload)}`));
      else resolve(payload);
    };
    socket.on(event, handler);
  });
}

/** Every `event` received from now on, for asserting what did or did not arrive. */
export function record<T = any>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (p: T) => seen.push(p));
  return seen;
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
