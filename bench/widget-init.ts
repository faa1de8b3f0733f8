// `/init` throughput beside a bare Fastify hello-world (issue 4 item 11).
// Run: node tools/dev-stack/bin/tsnode.mjs bench/widget-init.ts [--connections=50 --high-connections=200 --warmup-s=3 --duration-s=10]
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { appOptionsFromConfig } from '@parley/service-kit';
import { buildApp } from '../apps/widget-gateway/src/app';
import type { ThroughputJob, ThroughputResult } from './helpers/client-jobs';
import { runInClientProcess } from './helpers/client-process';
import { markdownTable, ms, numericArgs, pct, percentile, runBench } from './helpers/report';
import { createScratchInfra } from './helpers/scratch-infra';
import { BENCH_ORIGIN, seedHistory, seedWidget } from './helpers/seed';
import { Teardown } from './helpers/teardown';

const args = numericArgs({ connections: 50, highConnections: 200, warmupS: 3, durationS: 10, history: 36 });
/**
 * Every scenario runs at both concurrencies and is credited with the higher rate: a path that waits
 * on round trips (a new visitor's INSERT) is not saturated at 50 connections, and its req/s there
 * is a latency figure, not a throughput one (docs/decisions.md). 0 turns the second level off.
 */
const LEVELS = [args.connections, ...(args.highConnections > 0 ? [args.highConnections] : [])];
/** Each run's X-Forwarded-For addresses start a block of 2^20 further on, so no two runs share one. */
const ADDRESS_BLOCK = 1 << 20;
const INIT_RESUME_MESSAGES = 30;

interface Scenario {
  name: string;
  port: number;
  path: string;
  body: object;
  /** Share of bare Fastify's req/s the issue asks for; none for the baseline itself. */
  goal?: number;
  /** Not a figure the issue names: shown beside the others (ratio printed, no goal). */
  comparison?: boolean;
}

const portOf = (app: FastifyInstance) => (app.server.address() as AddressInfo).port;

async function main(): Promise<number> {
  const runs = 5 * (args.highConnections > 0 ? 2 : 1);
  const teardown = new Teardown(60_000 + runs * (args.warmupS + args.durationS + 30) * 1000);
  try {
    const infra = await createScratchInfra('bench-init');
    teardown.add('scratch database and Redis namespace', () => infra.remove());

    const bare = Fastify({ logger: false });
    bare.post('/', async () => ({ hello: 'world' }));
    teardown.add('bare Fastify', () => bare.close());
    await bare.listen({ host: '127.0.0.1', port: 0 });

    // The gateway as main.ts builds it (config defaults: TRUSTED_PROXIES=loopback, pool of 10), minus logging.
    const { config, deps } = infra.serviceSetup('widget-gateway');
    const gateway = await buildApp(deps, { ...appOptionsFromConfig(config), logger: false });
    teardown.add('widget-gateway', () => gateway.close());
    await gateway.listen({ host: '127.0.0.1', port: 0 });
    // The same gateway without its database URL: no LISTEN, so no node cache of returning
    // visitors; every resume reads Postgres. Shown for comparison, no goal applies to it.
    const { deps: uncachedDeps } = infra.serviceSetup('widget-gateway');
    const { databaseUrl: _unused, ...withoutListen } = uncachedDeps;
    const uncached = await buildApp(withoutListen, { ...appOptionsFromConfig(config), logger: false });
    teardown.add('widget-gateway without the visit cache', () => uncached.close());
    await uncached.listen({ host: '127.0.0.1', port: 0 });

    const widget = await seedWidget(infra.db, 'init');
    const newVisitor = { embed_token: widget.embedToken };
    const first = await gateway.inject({ method: 'POST', url: '/v1/widget/init', headers: { origin: BENCH_ORIGIN }, payload: newVisitor });
    if (first.statusCode !== 200) throw new Error(`seeding /init failed: ${first.statusCode} ${first.body}`);
    const visitor = first.json() as { visitor_id: string; conversation_id: string };
    await seedHistory(infra.db, widget, visitor.conversation_id, visitor.visitor_id, args.history);
    const resuming = { embed_token: widget.embedToken, session_id: visitor.visitor_id };
    const check = await gateway.inject({ method: 'POST', url: '/v1/widget/init', headers: { origin: BENCH_ORIGIN }, payload: resuming });
    const resumed = check.json() as { conversation_id: string; messages: unknown[] };
    if (resumed.conversation_id !== visitor.conversation_id || resumed.messages.length !== INIT_RESUME_MESSAGES) {
      throw new Error(`resuming /init did not return the seeded conversation with ${INIT_RESUME_MESSAGES} messages`);
    }

    const baseline = { name: 'bare Fastify hello-world', port: portOf(bare), path: '/', body: newVisitor };
    const all: Scenario[] = [
      baseline,
      { name: '/init, new visitor', port: portOf(gateway), path: '/v1/widget/init', body: newVisitor, goal: 0.25 },
      { name: `/init, resuming (${INIT_RESUME_MESSAGES} messages)`, port: portOf(gateway), path: '/v1/widget/init', body: resuming, goal: 0.5 },
      { name: `/init, resuming, node cache off (every answer from Postgres)`, port: portOf(uncached), path: '/v1/widget/init', body: resuming, comparison: true },
      // The baseline again last: the ratio uses the mean of both, so drift over the run shows.
      { ...baseline, name: 'bare Fastify hello-world (again)' },
    ];
    // BENCH_ONLY=<text> runs only the scenarios whose name contains it, to profile one path
    // (`node --cpu-prof`); without a baseline in the run, no ratio is printed.
    const only = process.env.BENCH_ONLY;
    const scenarios = only ? all.filter((s) => s.name.includes(only)) : all;

    console.log(`${LEVELS.join(' and ')} connections, ${args.warmupS} s warm-up + ${args.durationS} s measured per run; client in its own process`);
    const results: { scenario: Scenario; byLevel: ThroughputResult[]; result: ThroughputResult }[] = [];
    let block = 0;
    for (const scenario of scenarios) {
      const byLevel: ThroughputResult[] = [];
      for (const connections of LEVELS) {
        const job: ThroughputJob = {
          kind: 'throughput',
          port: scenario.port,
          path: scenario.path,
          headers: { origin: BENCH_ORIGIN },
          bodies: [JSON.stringify(scenario.body)],
          connections,
          warmupMs: args.warmupS * 1000,
          durationMs: args.durationS * 1000,
          firstAddress: ++block * ADDRESS_BLOCK,
          serverPid: process.pid,
        };
        const result = await runInClientProcess(job, (args.warmupS + args.durationS + 30) * 1000);
        console.log(`  ${scenario.name}, ${connections} connections: ${(result.requests / result.seconds).toFixed(0)} req/s, statuses ${JSON.stringify(result.statuses)}`);
        byLevel.push(result);
      }
      const best = byLevel.reduce((a, b) => (b.requests / b.seconds > a.requests / a.seconds ? b : a));
      results.push({ scenario, byLevel, result: best });
    }

    const rps = (r: ThroughputResult) => r.requests / r.seconds;
    const errorsOf = (r: ThroughputResult) => [
      ...Object.entries(r.statuses).filter(([code]) => code !== '200'),
      ...Object.entries(r.warmupStatuses)
        .filter(([code]) => code !== '200')
        .map(([code, n]) => [`${code} in warm-up`, n] as const),
    ];
    const baselines = results.filter((r) => r.scenario.port === baseline.port);
    const errorsOfAll = (runs: ThroughputResult[]) => runs.flatMap(errorsOf);
    const bareRps = baselines.reduce((sum, r) => sum + rps(r.result), 0) / baselines.length;
    // The same ratio with every scenario at the first level only, as the bench measured before.
    const bareAtFirst = baselines.reduce((sum, r) => sum + rps(r.byLevel[0]!), 0) / baselines.length;
    const baselineValid = baselines.length > 0 && baselines.every((r) => errorsOfAll(r.byLevel).length === 0);
    let failed = false;
    const rows = results.map(({ scenario, byLevel, result }) => {
      const errors = errorsOfAll(byLevel);
      failed ||= errors.length > 0;
      const ratio = rps(result) / bareRps;
      const verdict = (() => {
        if (errors.length) return 'invalid: errors';
        if (scenario.goal === undefined) return '';
        if (!baselineValid) return baselines.length ? 'invalid: baseline errors' : 'no baseline in this run';
        return ratio >= scenario.goal ? 'met' : 'missed';
      })();
      return [
        scenario.name,
        ...byLevel.map((r) => rps(r).toFixed(0)),
        rps(result).toFixed(0),
        ms(percentile(byLevel[0]!.latenciesMs, 50)),
        ms(percentile(byLevel[0]!.latenciesMs, 99)),
        errors.length ? errors.map(([c, n]) => `${n}× ${c}`).join(', ') : '0',
        scenario.comparison ? pct(100 * ratio, 1) : scenario.goal === undefined ? '(baseline)' : pct(100 * ratio, 1),
        scenario.goal === undefined && !scenario.comparison ? '' : pct((100 * rps(byLevel[0]!)) / bareAtFirst, 1),
        scenario.goal === undefined ? '' : `≥ ${pct(100 * scenario.goal)}`,
        verdict,
      ];
    });
    const cpuRows = results.flatMap(({ scenario, byLevel }) => byLevel.map(({ cpu }, i) => [
      `${scenario.name}, ${LEVELS[i]} conn.`,
      pct(cpu.serverPct),
      pct(cpu.postgresPct),
      pct(cpu.redisPct),
      pct(cpu.clientPct),
      pct(cpu.machinePct),
      pct(cpu.stealPct),
    ]));
    console.log(`\nBaseline: mean of the two bare Fastify runs (each its better level), ${bareRps.toFixed(0)} req/s. Latency at ${LEVELS[0]} connections.\n`);
    console.log(
      markdownTable(['scenario', ...LEVELS.map((c) => `req/s at ${c}`), 'req/s (best)', `p50 at ${LEVELS[0]}`, `p99 at ${LEVELS[0]}`, 'non-200', 'vs bare Fastify', `at ${LEVELS[0]} only`, 'goal', 'result'], rows),
    );
    console.log('\nCPU over the measured window, % of one core (the machine: % of all cores):\n');
    console.log(markdownTable(['scenario', 'server process', 'Postgres', 'Redis', 'client process', 'machine', 'stolen by the host'], cpuRows));
    if (failed) console.log('\nA run had non-200 answers: its figure is not valid.');
    return failed ? 1 : 0;
  } finally {
    await teardown.run();
  }
}

runBench(main);
