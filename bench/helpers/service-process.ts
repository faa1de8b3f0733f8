import { spawn } from 'node:child_process';
import path from 'node:path';
import { SERVICE_NODE_FLAGS } from '@parley/config';

const REPO_ROOT = path.resolve(__dirname, '../..');
/** How the dev stack runs services from source (tools/dev-stack/bin/tsnode.mjs). */
const TS_NODE_ARGS = ['--conditions=@parley/source', '--import', 'tsx'];

export interface ServiceProcess {
  pid: number;
  /** The last lines the service wrote, for error reports. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts a service's real `main.ts` in its own process, as in production, and resolves once it
 * logs that it listens (its workers, if any, are started before that).
 */
export function startServiceMain(mainPath: string, env: Record<string, string>, timeoutMs = 30_000): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, ...SERVICE_NODE_FLAGS, mainPath], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const service: ServiceProcess = {
    pid: child.pid!,
    output: () => tail,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(killer);
      return code;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void service.stop(1000);
      reject(new Error(`${mainPath} did not start within ${timeoutMs} ms:\n${tail}`));
    }, timeoutMs);
    child.stderr.on('data', keep);
    child.stdout.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (tail.includes('Server listening')) {
        clearTimeout(timer);
        resolve(service);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${mainPath} exited with ${code} before listening:\n${tail}`));
    });
  });
}
