import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { SERVICE_NODE_FLAGS, type ServiceName } from '@parley/config';
import { createLogFormatter } from './log-format';
import { EXIT_WITH_PARENT, SOURCE_NODE_ARGS } from './node-args';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  readonly service: ServiceName;
  readonly pid: number;
  readonly port: number;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  readonly exitInfo: ExitInfo | undefined;
  signal(signal: NodeJS.Signals): void;
}

export interface SpawnServiceOptions {
  service: ServiceName;
  port: number;
  repoRoot: string;
  /** The complete environment of the child (PORT and HOST are set here). */
  env: Readonly<Record<string, string | undefined>>;
  /** Receives each output line, already prefixed with the service name. */
  output: (line: string) => void;
  color: boolean;
}

export const describeExit = (exit: ExitInfo): string => (exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`);

/**
 * Starts `apps/<service>/src/main.ts` from source, as the production image starts `dist/main.js`.
 * `detached` puts it in its own process group so Ctrl-C in the terminal reaches only the
 * orchestrator; the IPC channel exists only so the child notices if the orchestrator dies.
 */
export function spawnService(opts: SpawnServiceOptions): ServiceProcess {
  const entry = path.join(opts.repoRoot, 'apps', opts.service, 'src', 'main.ts');
  const child = spawn(process.execPath, [...SOURCE_NODE_ARGS, ...SERVICE_NODE_FLAGS, '--require', EXIT_WITH_PARENT, entry], {
    cwd: opts.repoRoot,
    env: { ...opts.env, HOST: '127.0.0.1', PORT: String(opts.port) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not start ${opts.service}`);

  const format = createLogFormatter(opts.service, { color: opts.color });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      const formatted = format(line);
      if (formatted !== undefined) opts.output(formatted);
    });
  }

  let exitInfo: ExitInfo | undefined;
  // 'close', not 'exit': it comes after the last output line, so logs never trail the exit report.
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('close', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  });
  // Our side of the lifeline must not keep the orchestrator alive, nor fail when the child is gone.
  child.channel?.unref();
  child.on('error', () => undefined);

  return {
    service: opts.service,
    pid: child.pid,
    port: opts.port,
    exited,
    get exitInfo() {
      return exitInfo;
    },
    signal(signal) {
      if (exitInfo === undefined) child.kill(signal);
    },
  };
}
