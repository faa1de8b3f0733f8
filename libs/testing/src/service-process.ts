import { spawn } from 'node:child_process';
import path from 'node:path';
import type { TestInfra } from './test-infra';

/** How the dev stack starts services from source; tests start `main.ts` the same way. */
const TS_NODE_ARGS = ['--conditions=@parley/source', '--import', 'tsx'];

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from SIGTERM to exit, when the test sent one. */
  stopMs?: number;
}

/**
 * Starts a service's real `main.ts` in its own process. With `stopWhenListening`, it sends
 * SIGTERM as soon as the service logs that it listens, and measures how long the exit takes.
 */
export function runServiceMain(
  mainPath: string,
  env: Record<string, string>,
  opts: { stopWhenListening?: boolean; timeoutMs?: number } = {},
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TS_NODE_ARGS, mainPath], {
      cwd: path.resolve(__dirname, '../../..'),
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalledAt: number | undefined;
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (opts.stopWhenListening && signalledAt === undefined && stdout.includes('Server listening')) {
        signalledAt = Date.now();
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ...(signalledAt ? { stopMs: Date.now() - signalledAt } : {}) });
    });
  });
}

/** A service's process-level promises: bad config stops it with one line; SIGTERM exits 0 fast. */
export function describeServiceProcess(service: string, mainPath: string, infra: TestInfra): void {
  describe(`${service}: main.ts as a process`, () => {
    it.each([
      ['a malformed PORT', { PORT: 'eighty' }, 'PORT'],
      ['a malformed DATABASE_URL', { DATABASE_URL: 'mysql://nope' }, 'DATABASE_URL'],
      ['a missing REDIS_URL in production', { NODE_ENV: 'production', DATABASE_URL: 'postgresql://x/y' }, 'REDIS_URL'],
    ])('exits 1 with one line naming the variable on %s', async (_label, env, variable) => {
      const run = await runServiceMain(mainPath, env);
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^${service}: Invalid configuration: ${variable} `));
    });

    it('stops on SIGTERM with exit code 0 well within 10 s', async () => {
      const run = await runServiceMain(
        mainPath,
        { DATABASE_URL: infra.databaseUrl, REDIS_URL: infra.redisUrl, REDIS_PREFIX: infra.redis.ns.prefix },
        { stopWhenListening: true },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stopMs).toBeLessThan(10000);
      // Lines can reach the pipe out of order at exit, so compare their own timestamps.
      const entries = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { msg: string; time: string });
      const at = (msg: string) => entries.find((e) => e.msg === msg)?.time;
      expect(at('shutting down')).toBeDefined();
      expect(at('stopped')! >= at('shutting down')!).toBe(true);
    });
  });
}

export interface RunningService {
  /** `http://127.0.0.1:<port>`, read from the service's own "Server listening" log line. */
  url: string;
  /** Sends a signal; resolves when the process has exited. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts a service's `main.ts` on the test's database and Redis namespace and waits until it listens. */
export function startServiceMain(mainPath: string, infra: TestInfra, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<RunningService> {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, mainPath], {
    cwd: path.resolve(__dirname, '../../..'),
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      DATABASE_URL: infra.databaseUrl,
      REDIS_URL: infra.redisUrl,
      REDIS_PREFIX: infra.redis.ns.prefix,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${mainPath} did not listen within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve({ url: match[1]!, kill: (signal) => (child.kill(signal), exited) });
    });
    void exited.then((code) => reject(new Error(`${mainPath} exited with ${code} before listening: ${stderr}`)));
  });
}
