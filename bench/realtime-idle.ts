// Idle Socket.IO connections per GiB of gateway memory, beside the same number of idle
// connections to a bare `ws` server (issue 5 item 12).
// Run: node tools/dev-stack/bin/tsnode.mjs bench/realtime-idle.ts [--sockets=10000 --steps=4 --concurrency=100 --settle-s=5 --warmup=200]
import { readFileSync } from 'node:fs';
import os from 'node:os';
import Redis from 'ioredis';
import { SERVICE_NODE_FLAGS } from '@parley/config';
import type { HoldJob, HoldResult, Protocol, SocketSpec } from './helpers/realtime-load';
import { machineLoad, residentBytes } from './helpers/process-cpu';
import { BENCH_CONSOLE, seedRealtimeOrgs } from './helpers/realtime-seed';
import type { ServerMemory, ServerStart } from './helpers/realtime-server';
import { markdownTable, numericArgs, runBench } from './helpers/report';
import { startRpcChild } from './helpers/rpc-child';
import { createScratchInfra } from './helpers/scratch-infra';
import { BENCH_ORIGIN } from './helpers/seed';
import { Teardown } from './helpers/teardown';

const args = numericArgs({ sockets: 10_000, concurrency: 100, settleS: 5, warmup: 200, steps: 4 });
const GOAL_PER_GIB = 40_000;
const GiB = 1024 ** 3;

interface Scenario {
  name: string;
  server: ServerStart;
  protocol: Protocol;
  spec: (port: number) => SocketSpec;
  /** The figure the goal is about. */
  goal?: boolean;
  baseline?: boolean;
}

interface Point {
  connections: number;
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
}

interface Measured {
  scenario: Scenario;
  connected: number;
  failed: number;
  failures: string[];
  connectMs: number;
  closedMeanwhile: number;
  points: Point[];
  /** Bytes per connection: the least-squares slope of RSS (and heap, external) over the connection count, from the first step on. */
  rssPerConn: number;
  heapPerConn: number;
  externalPerConn: number;
  redisBytes: number;
}

const openFilesLimit = () => /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.slice(1, 3).join(' (soft) / ') + ' (hard)';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

function slope(points: Point[], y: (p: Point) => number): number {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.connections, 0) / n;
  const my = points.reduce((a, p) => a + y(p), 0) / n;
  const sxy = points.reduce((a, p) => a + (p.connections - mx) * (y(p) - my), 0);
  const sxx = points.reduce((a, p) => a + (p.connections - mx) ** 2, 0);
  return sxy / sxx;
}

/** Bytes Redis holds under the scratch namespace (MEMORY USAGE of each key): what the sockets put there. */
async function namespaceBytes(redis: Redis, prefix: string): Promise<number> {
  let total = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) total += (await redis.memory('USAGE', key)) ?? 0;
  } while (cursor !== '0');
  return total;
}

async function measure(teardown: Teardown, scenario: Scenario, redis: Redis, prefix: string): Promise<Measured> {
  const server = startRpcChild('realtime-server.ts', ['--expose-gc', ...SERVICE_NODE_FLAGS]);
  teardown.add(`${scenario.name} server`, () => server.stop());
  const { port } = await server.call<{ port: number }>('start', scenario.server, 60_000);
  const client = startRpcChild('realtime-load.ts');
  teardown.add(`${scenario.name} client`, () => client.stop());
  const job = (count: number): HoldJob => ({ protocol: scenario.protocol, spec: scenario.spec(port), count, concurrency: args.concurrency });
  const points: Point[] = [];
  const point = async (connections: number) => {
    await server.call('gc');
    await pause(1000);
    const m = await server.call<ServerMemory>('memory');
    points.push({ connections, rssBytes: residentBytes(server.pid), heapUsedBytes: m.heapUsedBytes, externalBytes: m.externalBytes });
  };

  // Warm-up: the first connections load and compile the code every later one runs.
  const warm = await client.call<HoldResult>('hold', job(args.warmup), 120_000);
  if (warm.failed) throw new Error(`${scenario.name}: warm-up connections failed: ${warm.failures.join('; ')}`);
  await client.call('release');
  // The starting point once RSS has stopped falling (the allocator returns freed pages slowly).
  for (let tries = 0, last = Infinity; tries < 10; tries++) {
    await server.call('gc');
    await pause(1500);
    const rss = residentBytes(server.pid);
    if (Math.abs(last - rss) < 512 * 1024) break;
    last = rss;
  }
  await point(0);
  const redisBefore = await namespaceBytes(redis, prefix);

  // Then the connections in steps, RSS read after each (settled, after a full GC).
  const result = { connected: 0, failed: 0, failures: [] as string[], connectMs: 0 };
  for (let step = 1; step <= args.steps; step++) {
    const hold = await client.call<HoldResult>('hold', job(Math.round(args.sockets / args.steps)), 600_000);
    result.connected = hold.connected;
    result.failed += hold.failed;
    result.failures.push(...hold.failures);
    result.connectMs += hold.ms;
    await pause(args.settleS * 1000);
    await point(hold.connected);
  }
  const redisBytes = (await namespaceBytes(redis, prefix)) - redisBefore;
  const closedMeanwhile = await client.call<number>('closed');
  console.log(
    `  ${scenario.name}: ${result.connected} connected in ${(result.connectMs / 1000).toFixed(1)} s (${result.failed} failed${result.failures.length ? `: ${result.failures[0]}` : ''}); ` +
      `RSS ${points.map((p) => mib(p.rssBytes)).join(' → ')}; ${machineLoad()}`,
  );
  await client.stop();
  await server.stop();
  return {
    scenario,
    ...result,
    closedMeanwhile,
    points,
    // From the first step on: a fresh process first refills heap pages it already holds from
    // start-up, so its RSS grows little (or even falls) over the first step.
    rssPerConn: slope(points.slice(1), (p) => p.rssBytes),
    heapPerConn: slope(points.slice(1), (p) => p.heapUsedBytes),
    externalPerConn: slope(points.slice(1), (p) => p.externalBytes),
    redisBytes,
  };
}

async function main(): Promise<number> {
  const teardown = new Teardown(1_800_000);
  try {
    console.log(`Machine: ${os.cpus().length} cores, ${machineLoad()}; open files per process: ${openFilesLimit()}`);
    if (args.sockets + 200 > Number(/^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Infinity)) {
      throw new Error(`--sockets=${args.sockets} would exceed this process's open-file limit; raise \`ulimit -n\` first`);
    }
    const infra = await createScratchInfra('bench-idle');
    teardown.add('scratch database and Redis namespace', () => infra.remove());
    const redis = new Redis(infra.env.REDIS_URL);
    teardown.add('Redis client', () => redis.quit());

    // One visitor's widget token, reused by every socket: each socket authenticates with it at the
    // handshake (JWT check, the bot's origin policy) and registers presence for its end user.
    const [org] = await seedRealtimeOrgs(infra, { orgs: 1, agentsPerOrg: 0, visitorsPerOrg: 1, firstMessage: false, label: 'idle' });
    const token = org!.visitors[0]!.token;
    const gateway: ServerStart = { kind: 'gateway', env: infra.env, consoleOrigins: [BENCH_CONSOLE], logLevel: 'warn' };
    const socketIo = (auth: Record<string, unknown>) => (port: number) => ({ url: `http://127.0.0.1:${port}`, headers: { origin: BENCH_ORIGIN }, auth });
    const scenarios: Scenario[] = [
      { name: 'bare ws server (baseline)', server: { kind: 'bare-ws' }, protocol: 'ws', spec: (port) => ({ url: `ws://127.0.0.1:${port}/`, headers: { origin: BENCH_ORIGIN } }), baseline: true },
      { name: 'bare Socket.IO server', server: { kind: 'bare-socketio' }, protocol: 'socketio', spec: socketIo({}) },
      { name: 'Parley gateway, visitor sockets with a widget token', server: gateway, protocol: 'socketio', spec: socketIo({ token }), goal: true },
      { name: 'Parley gateway, sockets without a token', server: gateway, protocol: 'socketio', spec: socketIo({}) },
    ];
    console.log(
      `${args.sockets} idle connections per scenario (after ${args.warmup} warm-up connections, opened and closed), ${args.concurrency} handshakes at a time; ` +
        `each server in a fresh process of its own, the clients in another; RSS = VmRSS from /proc after ${args.settleS} s and a full GC (--expose-gc). ` +
        'Socket.IO clients connect over WebSocket only (no long-polling first).',
    );
    const results: Measured[] = [];
    for (const scenario of scenarios) results.push(await measure(teardown, scenario, redis, infra.env.REDIS_PREFIX));
    return report(results);
  } finally {
    await teardown.run();
  }
}

function report(results: Measured[]): number {
  const problems: string[] = [];
  for (const m of results) {
    if (m.failed || m.closedMeanwhile || m.connected !== args.sockets) {
      problems.push(`${m.scenario.name}: ${m.connected} of ${args.sockets} connected, ${m.failed} failed, ${m.closedMeanwhile} closed while held`);
    }
  }
  const delta = (m: Measured) => m.points.at(-1)!.rssBytes - m.points[0]!.rssBytes;
  // The lower of the two readings: N ÷ ΔRSS over the whole run, and 1 GiB ÷ the marginal RSS per connection.
  const perGiB = (m: Measured) => Math.min(m.connected / (delta(m) / GiB), GiB / m.rssPerConn);
  const baseline = results.find((r) => r.scenario.baseline)!;
  const rows = results.map((m) => {
    return [
      m.scenario.name,
      String(m.connected),
      mib(delta(m)),
      kb(delta(m) / m.connected),
      kb(m.rssPerConn),
      kb(m.heapPerConn),
      kb(m.externalPerConn),
      Math.round(perGiB(m)).toLocaleString('en-US'),
      m.scenario.baseline ? '(baseline)' : `${((100 * perGiB(m)) / perGiB(baseline)).toFixed(0)}%`,
      kb(m.redisBytes / m.connected),
      `${(m.connectMs / 1000).toFixed(1)} s`,
      m.scenario.goal ? `≥ ${GOAL_PER_GIB.toLocaleString('en-US')}/GiB` : '',
      m.scenario.goal ? (problems.length ? 'invalid' : perGiB(m) >= GOAL_PER_GIB ? 'met' : 'missed') : '',
    ];
  });
  console.log(
    `\nIdle connections and the server process's memory (RSS from /proc; JS heap and external from process.memoryUsage(), after a full GC). ` +
      `Marginal: the least-squares slope over the readings from ${Math.round(args.sockets / args.steps)} connections on. ` +
      'Connections per GiB: the lower of N ÷ ΔRSS and 1 GiB ÷ the marginal RSS per connection:\n',
  );
  console.log(
    markdownTable(
      ['server', 'connections', 'ΔRSS', 'ΔRSS ÷ N', 'marginal RSS per conn', 'JS heap per conn', 'external per conn', 'connections per GiB', 'vs bare ws', 'Redis per conn', 'connect time', 'goal', 'result'],
      rows,
    ),
  );
  console.log(`\n${machineLoad()} at the end`);
  for (const p of problems) console.log(`\nInvalid run: ${p}`);
  return problems.length ? 1 : 0;
}

runBench(main);
