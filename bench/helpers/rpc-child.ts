import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';

/** How the dev stack runs TypeScript from source (tools/dev-stack/bin/tsnode.mjs). */
const TS_NODE_ARGS = ['--conditions=@parley/source', '--import', 'tsx'];

export interface RpcRequest {
  id: number;
  cmd: string;
  payload?: unknown;
}
export type RpcReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export interface RpcChild {
  pid: number;
  /** The exit code (or -1 for a signal) once the process has exited; undefined while it runs. */
  exitCode(): number | undefined;
  /** Sends a command and waits for its answer; rejects on an error answer, an exit or the timeout. */
  call<T = unknown>(cmd: string, payload?: unknown, timeoutMs?: number): Promise<T>;
  /** Asks the child to stop (the `stop` command), then SIGKILLs it if it has not exited in `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * A bench child process (a server node or the load generator) that answers commands over IPC.
 * Each child runs in its own process, so what it measures or generates never shares an event
 * loop with another part of the benchmark. `extraExecArgv` adds e.g. `--expose-gc`, `--cpu-prof`.
 */
export function startRpcChild(file: string, extraExecArgv: string[] = [], opts: { stdoutFile?: string } = {}): RpcChild {
  // A server's log (stdout) can go to a file, to be summarized after the run instead of flooding the report.
  const stdout = opts.stdoutFile ? openSync(opts.stdoutFile, 'w') : 'inherit';
  const child: ChildProcess = fork(path.join(__dirname, file), [], {
    execArgv: [...TS_NODE_ARGS, ...extraExecArgv],
    stdio: ['ignore', stdout, 'inherit', 'ipc'],
  });
  if (typeof stdout === 'number') closeSync(stdout);
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : 0);
      for (const [, p] of pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`${file} exited (${code ?? signal}) before answering`));
      }
      pending.clear();
      resolve();
    }),
  );
  child.on('message', (reply: RpcReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    clearTimeout(p.timer);
    if (reply.ok) p.resolve(reply.result);
    else p.reject(new Error(`${file}: ${reply.error}`));
  });
  return {
    pid: child.pid!,
    exitCode: () => (exitCode === null ? -1 : exitCode),
    call<T>(cmd: string, payload?: unknown, timeoutMs = 60_000) {
      if (exitCode !== undefined) return Promise.reject(new Error(`${file} has exited`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${file}: ${cmd} got no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        child.send({ id, cmd, payload } satisfies RpcRequest);
      });
    },
    async stop(graceMs = 15_000) {
      if (exitCode !== undefined) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        child.send({ id: 0, cmd: 'stop' } satisfies RpcRequest);
      } catch {
        child.kill('SIGKILL');
      }
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * The child's side: runs each command's handler and answers. `stop` runs `onStop` (if any) and
 * exits the process.
 */
export function serveRpc(handlers: Record<string, (payload: any) => unknown>, onStop?: () => Promise<unknown>): void {
  process.on('message', (req: RpcRequest) => {
    if (req.cmd === 'stop') {
      void Promise.resolve(onStop?.())
        .catch((err: unknown) => process.stderr.write(`stopping failed: ${(err as Error).message}\n`))
        .finally(() => process.exit(0));
      return;
    }
    const handler = handlers[req.cmd];
    const run = handler ? Promise.resolve().then(() => handler(req.payload)) : Promise.reject(new Error(`unknown command ${req.cmd}`));
    run.then(
      (result) => process.send!({ id: req.id, ok: true, result: result ?? null } satisfies RpcReply),
      (err: unknown) => process.send!({ id: req.id, ok: false, error: (err as Error).stack ?? String(err) } satisfies RpcReply),
    );
  });
  // The parent went away (killed, crashed): do not linger holding ports and sockets.
  process.on('disconnect', () => process.exit(0));
}
