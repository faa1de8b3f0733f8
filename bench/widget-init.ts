// `/init` throughput beside a bare Fastify hello-world (issue 4 item 11).
// Run: node tools/dev-stack/bin/tsnode.mjs bench/widget-init.ts [--connections=50 --warmup-s=3 --duration-s=10]
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

const args = numericArgs({ connections: 50, warmupS: 3, durationS: 10, history: 36 });
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
  const runs = 5;
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

    console.log(`${args.connections} connections, ${args.warmupS} s warm-up + ${args.durationS} s measured per run; client in its own process`);
    const results: { scenario: Scenario; result: ThroughputResult }[] = [];
    for (const [i, scenario] of scenarios.entries()) {
      const job: ThroughputJob = {
        kind: 'throughput',
        port: scenario.port,
        path: scenario.path,
        headers: { origin: BENCH_ORIGIN },
        bodies: [JSON.stringify(scenario.body)],
        connections: args.connections,
        warmupMs: args.warmupS * 1000,
        durationMs: args.durationS * 1000,
        firstAddress: (i + 1) * ADDRESS_BLOCK,
        serverPid: process.pid,
      };
      const result = await runInClientProcess(job, (args.warmupS + args.durationS + 30) * 1000);
      console.log(`  ${scenario.name}: ${(result.requests / result.seconds).toFixed(0)} req/s, statuses ${JSON.stringify(result.statuses)}`);
      results.push({ scenario, result });
    }

    const rps = (r: ThroughputResult) => r.requests / r.seconds;
    const errorsOf = (r: ThroughputResult) => [
      ...Object.entries(r.statuses).filter(([code]) => code !== '200'),
      ...Object.entries(r.warmupStatuses)
        .filter(([code]) => code !== '200')
        .map(([code, n]) => [`${code} in warm-up`, n] as const),
    ];
    const baselines = results.filter((r) => r.scenario.port === baseline.port);
    const bareRps = baselines.reduce((sum, r) => sum + rps(r.result), 0) / baselines.length;
    const baselineValid = baselines.length > 0 && baselines.every((r) => errorsOf(r.result).length === 0);
    let failed = false;
    const rows = results.map(({ scenario, result }) => {
      const errors = errorsOf(result);
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
        rps(result).toFixed(0),
        ms(percentile(result.latenciesMs, 50)),
        ms(percentile(result.latenciesMs, 99)),
        errors.length ? errors.map(([c, n]) => `${n}× ${c}`).join(', ') : '0',
        scenario.comparison ? pct(100 * ratio, 1) : scenario.goal === undefined ? '(baseline)' : pct(100 * ratio, 1),
        scenario.goal === undefined ? '' : `≥ ${pct(100 * scenario.goal)}`,
        verdict,
      ];
    });
    const cpuRows = results.map(({ scenario, result: { cpu } }) => [
      scenario.name,
      pct(cpu.serverPct),
      pct(cpu.postgresPct),
      pct(cpu.redisPct),
      pct(cpu.clientPct),
      pct(cpu.machinePct),
      pct(cpu.stealPct),
    ]);
    console.log(`\nBaseline: mean of the two bare Fastify runs, ${bareRps.toFixed(0)} req/s.\n`);
    console.log(
      markdownTable(['scenario', 'req/s', 'p50', 'p99', 'non-200', 'vs bare Fastify', 'goal', 'result'], rows),
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
