import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePorts, runStack, type StackRun } from './run-stack';
import { urlForDatabase, withAdminClient } from './template-db';
import { TEST_REDIS_URL } from './test-redis';

/** What `npm start` wrote to `.parley/demo.json` (the fields browser tests use). */
export interface PlatformDemoState {
  org_id: string;
  admin: { email: string; password: string };
  agent: { email: string; password: string };
  bot_id: string;
  embed_token: string;
  api_key: string;
  allowed_origin: string;
  edge_url: string;
  demo_url: string;
  [key: string]: unknown;
}

export interface RunningPlatform {
  /** The dev edge, e.g. http://localhost:41234 (the inbox and every API). */
  edgeUrl: string;
  /** The demo host page, e.g. http://localhost:41235 (the embed token's allowed origin). */
  demoUrl: string;
  state: PlatformDemoState;
  stack: StackRun;
  /** Stops the stack and drops its database and Redis keys. */
  stop(): Promise<void>;
}

/** Where an isolated stack runs: free ports, its own database, Redis prefix and state folder. */
export interface IsolatedStack {
  env: Record<string, string>;
  edgePort: number;
  demoPort: number;
  stateDir: string;
  /** Drops the database and the Redis keys, and removes the state folder. */
  cleanUp(): Promise<void>;
}

/** The environment for `npm start` to run beside anything else on this machine. */
export async function isolatedStack(label: string): Promise<IsolatedStack> {
  const suffix = randomBytes(4).toString('hex');
  const database = `parley_${label}_${suffix}`;
  const redisPrefix = `${label}-${suffix}`;
  const stateDir = await mkdtemp(path.join(os.tmpdir(), `parley-${label}-`));
  const [edgePort, demoPort, ...servicePorts] = (await freePorts(6)) as [number, number, number, number, number, number];
  return {
    edgePort,
    demoPort,
    stateDir,
    env: {
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
    },
    async cleanUp() {
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
      const redis = new Redis(TEST_REDIS_URL);
      const keys = await redis.keys(`${redisPrefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * The whole platform exactly as `npm start` runs it (four services, the edge, the demo page,
 * the seeded demo org), on free ports with its own database and Redis prefix, for browser and
 * end-to-end tests. Allow about a minute on two cores.
 */
export async function startPlatform(opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunningPlatform> {
  const isolated = await isolatedStack('e2e');
  const { edgePort, demoPort, stateDir } = isolated;
  const stack = runStack({ ...isolated.env, ...opts.env });

  const stop = async () => {
    if (stack.child.exitCode === null && stack.child.signalCode === null) {
      stack.child.kill('SIGTERM');
      const timer = setTimeout(() => stack.child.kill('SIGKILL'), 10_000);
      await stack.exited;
      clearTimeout(timer);
    }
    await isolated.cleanUp();
  };

  try {
    await stack.waitFor(/Parley is up/, opts.timeoutMs ?? 150_000);
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  const state = JSON.parse(await readFile(path.join(stateDir, 'demo.json'), 'utf8')) as PlatformDemoState;
  return { edgeUrl: `http://localhost:${edgePort}`, demoUrl: `http://localhost:${demoPort}`, state, stack, stop };
}
