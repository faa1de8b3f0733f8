import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { io } from 'socket.io-client';
import { SERVICE_NAMES } from '@parley/config';
import { isAlive, isolatedStack, runStack, type IsolatedStack, type StackRun } from '@parley/testing';

// One real stack for the whole file: four services from source take a while on two cores.
jest.setTimeout(150_000);

let isolated: IsolatedStack;
let stateDir: string;
let stack: StackRun;
let edge: string;
let demo: string;
const pids: number[] = [];

beforeAll(async () => {
  isolated = await isolatedStack('stack');
  stateDir = isolated.stateDir;
  edge = `http://127.0.0.1:${isolated.edgePort}`;
  demo = `http://127.0.0.1:${isolated.demoPort}`;
  stack = runStack(isolated.env);
  await stack.waitFor(/Parley is up/, 120_000);
  for (const match of stack.output().matchAll(/started (\S+) \(pid (\d+)\)/g)) pids.push(Number(match[2]));
});

afterAll(async () => {
  if (stack && stack.child.exitCode === null) stack.child.kill('SIGKILL');
  await isolated?.cleanUp();
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
