// Visitor-to-agent message latency across two gateway nodes, at a fixed message rate with a
// fixed number of connected sockets, beside a plain `ws` relay at the same rate and socket count
// (issue 5 item 12).
// Run: node tools/dev-stack/bin/tsnode.mjs bench/realtime-latency.ts [--rate=1000 --sockets=2000 --orgs=20 --warmup-s=4 --duration-s=10]
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_NODE_FLAGS } from '@parley/config';
import { SENDER_MESSAGE_BUDGET } from '../apps/widget-gateway/src/budget/conversation-budget';
import type { AgentSpec, LatencyJob, LatencyResult, Protocol, VisitorSpec } from './helpers/realtime-load';
import { summarizeLog } from './helpers/log-summary';
import { machineLoad } from './helpers/process-cpu';
import { BENCH_CONSOLE, seedRealtimeOrgs, type SeededOrg } from './helpers/realtime-seed';
import type { ServerStart } from './helpers/realtime-server';
import { markdownTable, ms, numericArgs, pct, percentile, runBench } from './helpers/report';
import { startRpcChild, type RpcChild } from './helpers/rpc-child';
import { createScratchInfra } from './helpers/scratch-infra';
import { BENCH_ORIGIN } from './helpers/seed';
import { Teardown } from './helpers/teardown';

// settle-warmup=1 (default): the measured window starts once every warm-up message has arrived;
// 0 starts it right after the warm-up's last send, carrying any backlog of the join storm into it.
const args = numericArgs({ rate: 1000, sockets: 2000, orgs: 20, warmupS: 4, durationS: 10, lateMs: 5000, drainS: 30, profile: 0, settleWarmup: 1 });
const GOALS = { p99Ms: 25 };
const ACK_TIMEOUT_MS = 30_000;

interface Node {
  child: RpcChild;
  port: number;
}

async function startNode(teardown: Teardown, name: string, start: ServerStart, execArgv: string[] = [], stdoutFile?: string): Promise<Node> {
  const child = startRpcChild('realtime-server.ts', execArgv, stdoutFile ? { stdoutFile } : {});
  teardown.add(name, () => child.stop());
  const { port } = await child.call<{ port: number }>('start', start, 60_000);
  return { child, port };
}

interface Scenario {
  name: string;
  protocol: Protocol;
  nodes: [Node, Node];
  baseline: boolean;
}

/**
 * The layout: each organization has one agent and the rest of its sockets are visitors, each in
 * a conversation of its own that the agent claimed. Half of the organizations have their
 * visitors on node A and their agent on node B, the other half the other way round: every
 * message crosses from one node to the other, and both nodes do the same work.
 */
function layout(orgs: SeededOrg[], scenario: Scenario): { visitors: VisitorSpec[]; agents: AgentSpec[] } {
  const [a, b] = scenario.nodes;
  const url = (n: Node) => (scenario.protocol === 'socketio' ? `http://127.0.0.1:${n.port}` : `ws://127.0.0.1:${n.port}/`);
  const visitors: VisitorSpec[] = [];
  const agents: AgentSpec[] = [];
  orgs.forEach((org, i) => {
    const [visitorNode, agentNode] = i < orgs.length / 2 ? [a, b] : [b, a];
    const [agent] = org.agents;
    agents.push({ url: url(agentNode), headers: { origin: BENCH_CONSOLE, cookie: agent!.cookie }, org: org.orgId, conversations: org.visitors.map((v) => v.conversationId) });
    for (const v of org.visitors) {
      visitors.push({ url: url(visitorNode), headers: { origin: BENCH_ORIGIN }, auth: { token: v.token }, conversationId: v.conversationId, org: org.orgId });
    }
  });
  // Interleave organizations, so consecutive sends come from different organizations and nodes.
  const perOrg = orgs[0]!.visitors.length;
  const interleaved = Array.from({ length: visitors.length }, (_, k) => visitors[(k % orgs.length) * perOrg + Math.floor(k / orgs.length)]!);
  return { visitors: interleaved, agents };
}

async function main(): Promise<number> {
  const visitorsPerOrg = (args.sockets - args.orgs) / args.orgs;
  if (!Number.isInteger(visitorsPerOrg) || visitorsPerOrg < 1) throw new Error('--sockets minus --orgs (one agent each) must split evenly into visitors per organization');
  const visitorCount = visitorsPerOrg * args.orgs;
  const runS = args.warmupS + args.durationS;
  const perVisitorRate = args.rate / visitorCount;
  // The per-end-user limit (burst + refill over the run) must never refuse a bench message.
  const perVisitorMessages = Math.ceil((args.rate * runS) / visitorCount);
  const senderAllowance = SENDER_MESSAGE_BUDGET.burst + (SENDER_MESSAGE_BUDGET.refillPerMin / 60) * runS;
  if (perVisitorMessages > senderAllowance) {
    throw new Error(`each visitor would send ${perVisitorMessages} messages in ${runS} s; the per-sender limit allows ${senderAllowance.toFixed(0)}: use more sockets or a lower rate`);
  }

  // Two load windows (baseline and Parley) plus set-up; long windows get the time they need.
  const teardown = new Teardown(Math.max(600_000, 300_000 + 2 * args.durationS * 1000));
  try {
    console.log(`Machine: ${os.cpus().length} cores, ${machineLoad()} at the start`);
    const infra = await createScratchInfra('bench-rt');
    teardown.add('scratch database and Redis namespace', () => infra.remove());

    const seedStart = performance.now();
    const orgs = await seedRealtimeOrgs(infra, { orgs: args.orgs, agentsPerOrg: 1, visitorsPerOrg, firstMessage: true, label: 'rt' });
    console.log(`Seeded ${args.orgs} organizations × (1 agent + ${visitorsPerOrg} visitors, each with its own conversation and first message) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    // One profile per thread (tsx's loader runs in a worker too), named CPU.<date>.<pid>.<thread>.…
    const profileDir = path.join(os.tmpdir(), 'parley-bench-prof');
    const profileArgs = () => [...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...(process.env.BENCH_TRACE_GC ? (process.env.BENCH_TRACE_GC === 'nvp' ? ['--trace-gc-nvp'] : ['--trace-gc']) : []), ...(process.env.BENCH_GATEWAY_FLAGS?.split(' ').filter(Boolean) ?? [])];
    // The gateways log errors only, each to a file, summarized after the run.
    const gatewayStart: ServerStart = { kind: 'gateway', env: infra.env, consoleOrigins: [BENCH_CONSOLE], logLevel: 'error' };
    const logDir = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-rt-'));
    const gatewayLogs = ['a', 'b'].map((n) => path.join(logDir, `gateway-${n}.log`));
    const gateways: [Node, Node] = [
      await startNode(teardown, 'gateway A', gatewayStart, [...SERVICE_NODE_FLAGS, ...profileArgs()], gatewayLogs[0]),
      await startNode(teardown, 'gateway B', gatewayStart, [...SERVICE_NODE_FLAGS, ...profileArgs()], gatewayLogs[1]),
    ];

    const scenarios: (Scenario | 'ws-direct' | 'ws-redis')[] = ['ws-direct', { name: 'Parley: Socket.IO, 2 gateway nodes', protocol: 'socketio', nodes: gateways, baseline: false }, 'ws-redis'];
    console.log(
      `${args.sockets} sockets: ${args.orgs} agents + ${visitorCount} visitors; ${args.rate} msg/s in all, round-robin (each visitor ${perVisitorRate.toFixed(3)} msg/s, ` +
        `at most ${perVisitorMessages} messages per visitor; the per-sender limit allows ${senderAllowance.toFixed(0)} in ${runS} s); ` +
        `${args.warmupS} s warm-up + ${args.durationS} s measured; lost = acked but not at the agent within ${args.lateMs} ms. ` +
        `Each node and the load generator in a process of its own.`,
    );

    const results: { scenario: Scenario; result: LatencyResult }[] = [];
    for (const entry of scenarios) {
      let scenario: Scenario;
      if (entry === 'ws-direct' || entry === 'ws-redis') {
        const mode = entry === 'ws-direct' ? 'direct' : 'redis';
        const start: ServerStart = { kind: 'ws-relay', mode, redisUrl: infra.env.REDIS_URL, channel: `${infra.env.REDIS_PREFIX}:bench-relay` };
        const nodes: [Node, Node] = [await startNode(teardown, `ws relay A (${mode})`, start), await startNode(teardown, `ws relay B (${mode})`, start)];
        if (mode === 'direct') {
          await nodes[0].child.call('link', { peerPort: nodes[1].port });
          await nodes[1].child.call('link', { peerPort: nodes[0].port });
        }
        scenario = {
          name: mode === 'direct' ? 'plain ws relay, 2 nodes linked directly (baseline)' : 'plain ws relay, 2 nodes via Redis pub/sub',
          protocol: 'ws',
          nodes,
          baseline: true,
        };
      } else {
        scenario = entry;
      }
      const client = startRpcChild('realtime-load.ts');
      teardown.add(`load generator (${scenario.name})`, () => client.stop());
      const job: LatencyJob = {
        protocol: scenario.protocol,
        ...layout(orgs, scenario),
        rate: args.rate,
        warmupMs: args.warmupS * 1000,
        settleWarmup: args.settleWarmup === 1,
        durationMs: args.durationS * 1000,
        lateMs: args.lateMs,
        drainMs: args.drainS * 1000,
        ackTimeoutMs: ACK_TIMEOUT_MS,
        connectConcurrency: 50,
        pids: [
          { label: 'node A', pid: scenario.nodes[0].child.pid },
          { label: 'node B', pid: scenario.nodes[1].child.pid },
        ],
      };
      const result = await client.call<LatencyResult>('latency', job, (runS + args.drainS) * 1000 + 300_000);
      await client.stop();
      if (scenario.baseline) await Promise.all(scenario.nodes.map((n) => n.child.stop()));
      const l = result.measured.latenciesMs;
      console.log(
        `  ${scenario.name}: set up in ${(result.setupMs / 1000).toFixed(1)} s; sent ${result.measured.achievedRate.toFixed(0)} msg/s; ` +
          `p50 ${ms(percentile(l, 50))}, p99 ${ms(percentile(l, 99))}; ${machineLoad()}` +
          (result.warmupDrainMs !== null ? `; the warm-up (every visitor's first message, joining its room) arrived ${ms(result.warmupDrainMs)} after its last send` : '') +
          (args.profile ? `; measured window ${result.windowUs.join('–')} µs (CLOCK_MONOTONIC)` : ''),
      );
      results.push({ scenario, result });
    }
    const crashed = gateways.filter((g) => g.child.exitCode() !== undefined).map((g) => `gateway ${'AB'[gateways.indexOf(g)]} (pid ${g.child.pid}) exited with ${g.child.exitCode()}`);
    for (const g of gateways) await g.child.stop();
    if (args.profile) console.log(`\nCPU profiles of the gateway nodes (pids ${gateways.map((g) => g.child.pid).join(', ')}): ${profileDir}/`);
    const code = report(results);
    for (const c of crashed) console.log(`\nA gateway node died during the run: ${c} (its stack trace is in the output above).`);
    const errors = gatewayLogs.flatMap((file, i) => summarizeLog(file).map((e) => `${e.count}× node ${'AB'[i]}: ${e.line}`));
    console.log(errors.length ? `\nErrors the gateways logged (logs in ${logDir}):\n  ${errors.join('\n  ')}` : '\nThe gateways logged no errors.');
    return code;
  } finally {
    await teardown.run();
  }
}

function report(results: { scenario: Scenario; result: LatencyResult }[]): number {
  const problems: string[] = [];
  const rows = results.map(({ scenario, result: r }) => {
    const l = r.measured.latenciesMs;
    // INTERNAL is the server failing under load (a result); any other refusal means the bench itself
    // did something wrong (tripped a rate limit, sent a bad payload): the run is invalid.
    const refused = Object.entries(r.all.ackErrors).filter(([code]) => code !== 'INTERNAL');
    if (refused.length) problems.push(`${scenario.name}: sends refused (${refused.map(([c, n]) => `${n}× ${c}`).join(', ')}): the bench tripped a limit`);
    if (r.measured.achievedRate < 0.95 * args.rate) problems.push(`${scenario.name}: the load generator sent only ${r.measured.achievedRate.toFixed(0)} msg/s`);
    if (scenario.baseline && (r.all.lateOrLost || r.all.duplicated || r.all.unacked || r.disconnects)) problems.push(`${scenario.name}: the baseline lost, doubled or dropped messages`);
    return [
      scenario.name,
      r.measured.achievedRate.toFixed(0),
      String(r.measured.sent),
      ms(percentile(l, 50)),
      ms(percentile(l, 95)),
      ms(percentile(l, 99)),
      ms(l.length ? l.reduce((a, b) => (b > a ? b : a)) : NaN),
      String(r.all.lateOrLost),
      String(r.all.duplicated),
      String(r.all.outOfOrder),
      String(Object.values(r.all.ackErrors).reduce((a, b) => a + b, 0)),
    ];
  });
  console.log(`\nVisitor emit → agent's \`message_received\`, messages sent in the ${args.durationS} s measured window (lost, duplicated and out of order: over the whole run, warm-up included):\n`);
  console.log(markdownTable(['scenario', 'msg/s sent', 'measured', 'p50', 'p95', 'p99', 'max', `lost (> ${args.lateMs / 1000} s)`, 'duplicated', 'out of order', 'send errors'], rows));

  console.log('\nThe rest of each run:\n');
  console.log(
    markdownTable(
      ['scenario', 'ack p50', 'ack p99', 'unacked', 'never received', 'seq gaps', 'queue updates', 'disconnects', 'send lag p99', 'client loop delay p99'],
      results.map(({ scenario, result: r }) => [
        scenario.name,
        ms(percentile(r.measured.ackLatenciesMs, 50)),
        ms(percentile(r.measured.ackLatenciesMs, 99)),
        String(r.all.unacked),
        String(r.all.neverReceived),
        String(r.all.seqGaps),
        String(r.updatesReceived),
        String(r.disconnects),
        ms(r.measured.sendLagP99Ms),
        ms(r.clientLoopDelay.p99Ms),
      ]),
    ),
  );

  console.log('\nCPU over the measured window, % of one core (the machine and the host\'s steal: % of all cores; a run with much steal is noise):\n');
  console.log(
    markdownTable(
      ['scenario', 'node A', 'node B', 'load generator', 'Postgres', 'Redis', 'machine', 'stolen by the host'],
      results.map(({ scenario, result: { cpu } }) => [
        scenario.name,
        pct(cpu.processes[0]!.pct),
        pct(cpu.processes[1]!.pct),
        pct(cpu.selfPct),
        pct(cpu.postgresPct),
        pct(cpu.redisPct),
        pct(cpu.machinePct),
        pct(cpu.stealPct),
      ]),
    ),
  );

  const parley = results.find((r) => !r.scenario.baseline)!.result;
  const baseline = results[0]!.result;
  console.log('\nParley, second by second of the measured window (by send time): a tail from one stall shows as one bad second.\n');
  console.log(
    markdownTable(
      ['second', 'delivered', 'p50', 'p99', 'max'],
      parley.measured.perSecond.map((b) => [String(b.second + 1), String(b.sent), ms(b.p50Ms), ms(b.p99Ms), ms(b.maxMs)]),
    ),
  );
  const invalid = problems.length > 0;
  const verdict = (ok: boolean) => (invalid ? 'invalid' : ok ? 'met' : 'missed');
  const p99 = percentile(parley.measured.latenciesMs, 99);
  const sendErrors = Object.values(parley.all.ackErrors).reduce((a, b) => a + b, 0);
  console.log('\nGoals (issue 5, item 12):\n');
  console.log(
    markdownTable(
      ['figure', 'Parley', 'plain ws baseline', 'goal', 'result'],
      [
        ['p50', ms(percentile(parley.measured.latenciesMs, 50)), ms(percentile(baseline.measured.latenciesMs, 50)), '', ''],
        ['p99', ms(p99), ms(percentile(baseline.measured.latenciesMs, 99)), `≤ ${GOALS.p99Ms} ms`, verdict(p99 <= GOALS.p99Ms)],
        ['lost', String(parley.all.lateOrLost), String(baseline.all.lateOrLost), '0', verdict(parley.all.lateOrLost === 0)],
        ['duplicated', String(parley.all.duplicated), String(baseline.all.duplicated), '0', verdict(parley.all.duplicated === 0)],
        // Not lost (the sender was told, and can resend with its client_message_id), but not delivered either.
        ['sends answered with an error', String(sendErrors), '0', '0', verdict(sendErrors === 0)],
      ],
    ),
  );
  console.log(`\n${machineLoad()} at the end`);
  for (const p of problems) console.log(`\nInvalid run: ${p}`);
  return invalid ? 1 : 0;
}

runBench(main);
