import { fork } from 'node:child_process';
import path from 'node:path';
import type { FirstTokenJob, FirstTokenResult, ThroughputJob, ThroughputResult } from './client-jobs';

type Reply = { ok: true; result: unknown } | { ok: false; error: string };

/** Runs one job in a fresh client process (tsx loader, no other flags), killed if it overruns. */
export function runInClientProcess(job: ThroughputJob, timeoutMs: number): Promise<ThroughputResult>;
export function runInClientProcess(job: FirstTokenJob, timeoutMs: number): Promise<FirstTokenResult>;
export function runInClientProcess(job: ThroughputJob | FirstTokenJob, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-client.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let reply: Reply | undefined;
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the client process overran ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', (message: Reply) => (reply = message));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      if (reply?.ok) resolve(reply.result);
      else reject(new Error(reply ? reply.error : `the client process exited with ${code} and no result`));
    });
    child.send(job);
  });
}
