import { SERVICE_NAMES, type ServiceName } from '@parley/config';
import { formatBanner } from './banner';
import { buildWebApps } from './build-web-apps';
import { createDemoSite, type DemoSiteServer } from './demo-site';
import { createEdge, type EdgeServer, type Upstream } from './edge';
import { listenOn, within } from './listen';
import { preflight } from './preflight';
import { prepareDatabase } from './prepare-database';
import { describeExit, spawnService, type ServiceProcess } from './service-process';
import type { StackConfig } from './stack-config';
import { writeDemoState } from './state-file';
import { waitUntilReady } from './wait-ready';

export interface DevStackIo {
  info(line: string): void;
  error(line: string): void;
  /** A service's output line, already prefixed with its name. */
  service(line: string): void;
}

export interface DevStackOptions {
  config: StackConfig;
  repoRoot: string;
  cwd: string;
  /** The services' base environment (PATH and the like); the stack sets their config on top. */
  env: Readonly<Record<string, string | undefined>>;
  io: DevStackIo;
  color: boolean;
}

// Services give up on their own drain first (SHUTDOWN_TIMEOUT_MS), well before we SIGKILL them,
// and both fit the promise that the whole stack is gone within 10 s of a SIGTERM.
const SERVICE_SHUTDOWN_MS = 6000;
const STOP_TIMEOUT_MS = 8000;

/** A message fit to print; the developer sees this instead of a stack trace. */
class StartupError extends Error {}

/**
 * `npm start` as one object: bring the stack up in order, keep it up, and take it down in order
 * (services first, then edge and demo site) when asked or when any service dies.
 */
export class DevStack {
  private readonly children: ServiceProcess[] = [];
  private readonly servers: Array<EdgeServer | DemoSiteServer> = [];
  private readonly aborter = new AbortController();
  private stopping: Promise<number> | undefined;
  private resolveStopped: (code: number) => void = () => undefined;
  private readonly stopped = new Promise<number>((resolve) => {
    this.resolveStopped = resolve;
  });

  constructor(private readonly opts: DevStackOptions) {}

  /** Resolves with the process exit code once the stack has stopped, for whatever reason. */
  async run(): Promise<number> {
    try {
      await this.start();
    } catch (err) {
      if (this.stopping) return this.stopping;
      this.opts.io.error(err instanceof StartupError ? err.message : `startup failed: ${firstLine(err)}`);
      return this.stop(1);
    }
    return this.stopped;
  }

  /** Idempotent: every caller gets the same outcome. `failure` 1 makes the exit code 1. */
  stop(failure: 0 | 1 = 0): Promise<number> {
    this.stopping ??= this.shutdown(failure).then((code) => {
      this.resolveStopped(code);
      return code;
    });
    return this.stopping;
  }

  /** The answer to a second Ctrl-C: no more waiting. */
  kill(): void {
    for (const child of this.children) child.signal('SIGKILL');
  }

  private async start(): Promise<void> {
    const { config, io } = this.opts;
    const began = performance.now();
    const edgeUrl = `http://localhost:${config.edgePort}`;
    const demoUrl = `http://localhost:${config.demoPort}`;

    io.info('checking Postgres and Redis');
    const problems = await preflight(config);
    if (problems.length) throw new StartupError(problems.join('\n'));
    this.throwIfStopping();

    // The edge first: a busy port (another `npm start`?) fails before the database is touched.
    const upstreams = Object.fromEntries(
      SERVICE_NAMES.map((s) => [s, { host: '127.0.0.1', port: config.servicePorts[s] }]),
    ) as Record<ServiceName, Upstream>;
    await this.listen(createEdge({ upstreams }), config.edgePort, 'EDGE_PORT');

    io.info('preparing the database');
    const seed = await prepareDatabase({
      databaseUrl: config.databaseUrl,
      allowedOrigin: demoUrl,
      stateDir: config.stateDir,
      log: (l) => io.info(l),
    });
    this.throwIfStopping();
    await this.listen(createDemoSite({ edgeOrigin: edgeUrl, embedToken: seed.embed_token }), config.demoPort, 'DEMO_PORT');
    this.throwIfStopping();

    io.info('building the web apps');
    await buildWebApps((line) => io.info(line)).catch((err: Error) => {
      throw new StartupError(`building the widget or the inbox failed: ${err.message}`);
    });
    this.throwIfStopping();

    for (const service of SERVICE_NAMES) this.spawn(service);
    io.info('waiting for every /readyz through the edge');
    await waitUntilReady({
      edgeUrl: `http://127.0.0.1:${config.edgePort}`,
      services: SERVICE_NAMES,
      timeoutMs: config.readyTimeoutMs,
      signal: this.aborter.signal,
    }).catch((err: Error) => {
      throw this.stopping ? err : new StartupError(err.message);
    });

    const state = { ...seed, edge_url: edgeUrl, demo_url: demoUrl };
    const stateFile = await writeDemoState(config.stateDir, state);
    const seconds = (performance.now() - began) / 1000;
    io.info(formatBanner(state, { stateFile, cwd: this.opts.cwd, seconds }));
  }

  private async listen(server: EdgeServer | DemoSiteServer, port: number, variable: string): Promise<void> {
    await listenOn(server, port, variable).catch((err: Error) => {
      throw new StartupError(err.message);
    });
    this.servers.push(server);
  }

  private spawn(service: ServiceName): void {
    const { config, io } = this.opts;
    const child = spawnService({
      service,
      port: config.servicePorts[service],
      repoRoot: this.opts.repoRoot,
      env: {
        ...this.opts.env,
        NODE_ENV: 'development',
        DATABASE_URL: config.databaseUrl,
        REDIS_URL: config.redisUrl,
        REDIS_PREFIX: config.redisPrefix,
        LOG_LEVEL: config.logLevel,
        SHUTDOWN_TIMEOUT_MS: String(SERVICE_SHUTDOWN_MS),
        // The inbox is served through the edge: its sockets may use the agent's session cookie.
        CONSOLE_ORIGINS: this.opts.env.CONSOLE_ORIGINS ?? `http://localhost:${config.edgePort},http://127.0.0.1:${config.edgePort}`,
      },
      output: (line) => io.service(line),
      color: this.opts.color,
    });
    this.children.push(child);
    io.info(`started ${service} (pid ${child.pid}) on 127.0.0.1:${child.port}`);
    void child.exited.then((exit) => {
      if (this.stopping) return;
      io.error(`${service} exited unexpectedly (${describeExit(exit)}); stopping everything`);
      void this.stop(1);
    });
  }

  private throwIfStopping(): void {
    if (this.stopping) throw new StartupError('stopped during startup');
  }

  private async shutdown(failure: 0 | 1): Promise<number> {
    const { io } = this.opts;
    this.aborter.abort();
    const live = this.children.filter((c) => !c.exitInfo);
    if (live.length) io.info(`stopping ${live.map((c) => c.service).join(', ')}`);
    for (const child of live) child.signal('SIGTERM');
    // Servers close alongside the services' drain, not after it: the deadline covers both.
    const serversClosed = within(Promise.all(this.servers.map((s) => s.shutdown())), 2000, undefined);
    const allExited = Promise.all(this.children.map((c) => c.exited));
    const outcome = await within(allExited, STOP_TIMEOUT_MS, 'timeout' as const);
    await serversClosed;

    if (outcome === 'timeout') {
      const stragglers = this.children.filter((c) => !c.exitInfo).map((c) => c.service);
      io.error(`${stragglers.join(', ')} did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing`);
      this.kill();
      await within(allExited, 1000, undefined);
      return 1;
    }
    const unclean = this.children.filter((c) => c.exitInfo?.code !== 0);
    // After a failure the cause was already reported; the others' exits add nothing.
    if (!failure) for (const c of unclean) io.error(`${c.service} stopped with ${describeExit(c.exitInfo ?? { code: null, signal: null })}`);
    io.info(unclean.length || failure ? 'stopped, with errors' : 'stopped');
    return failure || unclean.length ? 1 : 0;
  }
}

const firstLine = (err: unknown): string =>
  ((err as Error)?.message ?? String(err)).split('\n').map((l) => l.trim()).find(Boolean) ?? 'unknown error';
