import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { REPO_ROOT } from './template-db';


export interface StackRun {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
  stderr(): string;
  /** Resolves when a line matches, rejects if the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start` minus npm: bin/start.mjs with the given environment on top of ours. */
export function runStack(env: Record<string, string>): StackRun {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'tools/dev-stack/bin/start.mjs')], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let all = '';
  let errors = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (c: Buffer) => {
    all += String(c);
    for (const l of listeners) l();
  });
  child.stderr?.on('data', (c: Buffer) => {
    all += String(c);
    errors += String(c);
    for (const l of listeners) l();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  return {
    child,
    exited,
    output: () => all,
    stderr: () => errors,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = all.match(pattern);
          if (match) finish(() => resolve(match));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${all}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        void exited.then((exit) => finish(() => reject(new Error(`exited (${JSON.stringify(exit)}) before ${pattern}:\n${all}`))));
        check();
      });
    },
  };
}

/** Distinct ports that were free a moment ago (held together, so no two are the same). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => net.createServer());
  const ports = await Promise.all(
    servers.map((s) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)))),
  );
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
