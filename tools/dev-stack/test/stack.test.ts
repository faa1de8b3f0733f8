import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { SERVICE_NAMES } from '@parley/config';
import { freePorts, isAlive, runStack, type StackRun, TEST_REDIS_URL, urlForDatabase, withAdminClient } from '@parley/testing';

// One real stack for the whole file: four services from source take a while on two cores.
jest.setTimeout(150_000);

const suffix = randomBytes(4).toString('hex');
const database = `parley_stack_${suffix}`;
const redisPrefix = `stack-${suffix}`;
let stateDir: string;
let stack: StackRun;
let edge: string;
let demo: string;
const pids: number[] = [];

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'parley-stack-'));
  const [edgePort, demoPort, ...servicePorts] = (await freePorts(6)) as [number, number, number, number, number, number];
  edge = `http://127.0.0.1:${edgePort}`;
  demo = `http://127.0.0.1:${demoPort}`;
  stack = runStack({
    DATABASE_URL: urlForDatabase(database),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    EDGE_PORT: String(edgePort),
    DEMO_PORT: String(demoPort),
    AUTH_TOKEN_PORT: String(servicePorts[0]),
    WIDGET_GATEWAY_PORT: String(servicePorts[1]),
    CONVERSATION_PORT: String(servicePorts[2]),
    NOTIFICATION_PORT: String(servicePorts[3]),
    PARLEY_STATE_DIR: stateDir,
    LOG_LEVEL: 'warn',
  });
  await stack.waitFor(/Parley is up/, 120_000);
  for (const match of stack.output().matchAll(/started (\S+) \(pid (\d+)\)/g)) pids.push(Number(match[2]));
});

afterAll(async () => {
  if (stack && stack.child.exitCode === null) stack.child.kill('SIGKILL');
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  const redis = new Redis(TEST_REDIS_URL);
  const keys = await redis.keys(`${redisPrefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await rm(stateDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('starts four services, each ready through the edge', async () => {
    expect(pids).toHaveLength(4);
    for (const service of SERVICE_NAMES) {
      const res = await fetch(`${edge}/_status/${service}/readyz`);
      expect({ service, status: res.status }).toEqual({ service, status: 200 });
      expect(await res.json()).toMatchObject({ service, status: 'ready' });
    }
  });

  it('writes demo.json, owner-only, with the demo credentials and ids', async () => {
    const file = path.join(stateDir, 'demo.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const state = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(state).toMatchObject({
      org_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      admin: { email: 'admin@demo.parley.local', password: expect.any(String) },
      agent: { email: 'agent@demo.parley.local', password: expect.any(String) },
      bot_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      allowed_origin: `http://localhost:${new URL(demo).port}`,
      edge_url: `http://localhost:${new URL(edge).port}`,
    });
    // Filled in by the auth-token issue; the keys are already there for tools that read them.
    for (const key of ['embed_token', 'api_key', 'app']) expect(state).toHaveProperty(key);
  });

  it('serves the demo store on the second origin, loading the widget from the edge', async () => {
    const res = await fetch(demo);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Acme Outdoor');
    expect(html).toContain(`<script async src="http://localhost:${new URL(edge).port}/chat-widget/embed.js"`);
    expect(res.headers.get('content-security-policy')).toContain(`script-src http://localhost:${new URL(edge).port}`);
  });

  it('serves Socket.IO through the edge: the demo page\'s widget connects and chats', async () => {
    const state = JSON.parse(await readFile(path.join(stateDir, 'demo.json'), 'utf8')) as { embed_token: string; allowed_origin: string };
    const init = await fetch(`${edge}/v1/widget/init`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: state.allowed_origin },
      body: JSON.stringify({ embed_token: state.embed_token }),
    });
    expect(init.status).toBe(200);
    const { token } = (await init.json()) as { token: string };
    const socket = io(edge, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: state.allowed_origin }, auth: { token } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const ack = (await socket.timeout(10_000).emitWithAck('send_message', { content: 'hello through the edge', sender_type: 'end_user' })) as {
        ok: boolean;
        data: { seq: number };
      };
      expect(ack).toMatchObject({ ok: true, data: { seq: 1 } });
    } finally {
      socket.disconnect();
    }
  });

  it('stops everything with exit code 0 within 10 s of a SIGTERM', async () => {
    const started = Date.now();
    stack.child.kill('SIGTERM');
    const exit = await stack.exited;
    expect({ exit, seconds: Math.floor((Date.now() - started) / 1000) < 10 }).toEqual({
      exit: { code: 0, signal: null },
      seconds: true,
    });
    expect(pids.filter(isAlive)).toEqual([]);
    expect(stack.stderr()).toBe('');
  });
});
