// Time to the first SSE `token` beside the same client's time to first chunk straight from a
// local OpenAI-compatible server (issue 4 item 11).
// Run: node tools/dev-stack/bin/tsnode.mjs bench/widget-first-token.ts [--turns=300 --warmup=20 --conversations=10]
import type { AddressInfo } from 'node:net';
import { knowledgeRepository } from '@parley/db';
import { appOptionsFromConfig } from '@parley/service-kit';
import { startOpenAiServer } from '@parley/testing';
import { buildApp } from '../apps/widget-gateway/src/app';
import type { FirstTokenSamples, StreamRequest } from './helpers/client-jobs';
import { runInClientProcess } from './helpers/client-process';
import { markdownTable, ms, numericArgs, percentile, runBench } from './helpers/report';
import { createScratchInfra } from './helpers/scratch-infra';
import { BENCH_ORIGIN, UNLIMITED_BUDGET, seedWidget, type BenchWidget } from './helpers/seed';
import { startServiceMain } from './helpers/service-process';
import { Teardown } from './helpers/teardown';

const args = numericArgs({ turns: 300, warmup: 20, conversations: 10 });
const GOALS = { overheadP99Ms: 25, knowledgeP99Ms: 50 };

const MODEL_CHUNKS = ['Hello', ' from', ' the', ' model.'];
const ARTICLES = [
  { title: 'Returns and refunds', body: 'Returns are free within 30 days of delivery.', tags: ['returns'], question: 'How do returns work?', expect: '30 days' },
  { title: 'Shipping times', body: 'We ship to most countries within five working days.', tags: ['shipping'], question: 'What are your shipping times?', expect: 'five working days' },
  { title: 'Opening hours', body: 'Our support team answers on weekdays from nine to five.', tags: ['hours'], question: 'What are your opening hours?', expect: 'weekdays' },
];

async function main(): Promise<number> {
  const teardown = new Teardown(120_000 + args.turns * 1000);
  try {
    const infra = await createScratchInfra('bench-ftok');
    teardown.add('scratch database and Redis namespace', () => infra.remove());

    // The provider answers at once: its first content chunk goes out with the response headers.
    // It notes when each bot turn's request arrived (the turn's round is in the question).
    const providerArrivals = new Map<number, bigint>();
    const llm = await startOpenAiServer({
      script: (req) => {
        const round = /\(round (\d+)\)$/.exec(String(req.body?.messages?.at(-1)?.content ?? ''))?.[1];
        if (round !== undefined) providerArrivals.set(Number(round), process.hrtime.bigint());
        return { kind: 'stream', chunks: MODEL_CHUNKS, firstDelayMs: 0 };
      },
    });
    teardown.add('OpenAI-compatible server', () => llm.close());

    // The bot worker runs where production runs it: the conversation service's main.ts, WORKERS_ENABLED=true.
    const conversation = await startServiceMain('apps/conversation/src/main.ts', { ...infra.env, WORKERS_ENABLED: 'true' });
    teardown.add('conversation service', () => conversation.stop());

    const { config, deps } = infra.serviceSetup('widget-gateway');
    const gateway = await buildApp(deps, { ...appOptionsFromConfig(config), logger: false });
    teardown.add('widget-gateway', () => gateway.close());
    await gateway.listen({ host: '127.0.0.1', port: 0 });
    const gatewayPort = (gateway.server.address() as AddressInfo).port;

    const openaiBot = await seedWidget(infra.db, 'openai', {
      ...UNLIMITED_BUDGET,
      provider: 'openai',
      providerSettings: { baseUrl: llm.url, model: 'bench-model' },
    });
    const knowledgeBot = await seedWidget(infra.db, 'knowledge', UNLIMITED_BUDGET);
    for (const a of ARTICLES) {
      await knowledgeRepository(infra.db).create(knowledgeBot.orgId, { botId: knowledgeBot.botId, title: a.title, body: a.body, tags: a.tags });
    }

    /** One widget token per conversation: each comes from a new visitor's /init. */
    const visitorTokens = async (w: BenchWidget) => {
      const tokens: string[] = [];
      for (let i = 0; i < args.conversations; i++) {
        const res = await gateway.inject({ method: 'POST', url: '/v1/widget/init', headers: { origin: BENCH_ORIGIN }, payload: { embed_token: w.embedToken } });
        if (res.statusCode !== 200) throw new Error(`/init failed: ${res.statusCode} ${res.body}`);
        tokens.push((res.json() as { token: string }).token);
      }
      return tokens;
    };
    const widgetTurn = (token: string, content: string, expectText: string): StreamRequest => ({
      headers: { authorization: `Bearer ${token}`, origin: BENCH_ORIGIN },
      body: JSON.stringify({ content }),
      expectText,
    });
    const openaiTokens = await visitorTokens(openaiBot);
    const knowledgeTokens = await visitorTokens(knowledgeBot);
    const llmPort = Number(new URL(llm.url).port);

    console.log(
      `${args.warmup} warm-up + ${args.turns} measured rounds, one turn at a time; each round: provider direct, openai bot, knowledge bot; ` +
        `${args.conversations} conversations per bot; client in its own process, worker in the conversation service`,
    );
    const { targets } = await runInClientProcess(
      {
        kind: 'first-token',
        warmupRounds: args.warmup,
        rounds: args.turns,
        targets: [
          {
            label: 'OpenAI-compatible server, direct (baseline)',
            port: llmPort,
            path: '/v1/chat/completions',
            protocol: 'openai',
            requests: [
              {
                headers: { authorization: 'Bearer bench' },
                body: JSON.stringify({ model: 'bench-model', stream: true, messages: [{ role: 'system', content: 'You are a bot.' }, { role: 'user', content: 'Hi there' }] }),
                expectText: 'Hello from the model.',
              },
            ],
          },
          {
            label: 'openai bot through Parley',
            port: gatewayPort,
            path: '/v1/widget/messages/stream',
            protocol: 'widget-sse',
            requests: openaiTokens.map((t) => widgetTurn(t, 'Hi there (round {round})', 'Hello from the model.')),
          },
          {
            label: 'knowledge bot through Parley',
            port: gatewayPort,
            path: '/v1/widget/messages/stream',
            protocol: 'widget-sse',
            // Every conversation asks every question in turn.
            requests: knowledgeTokens.flatMap((t) => ARTICLES.map((a) => widgetTurn(t, a.question, a.expect))),
          },
        ],
      },
      (args.warmup + args.turns) * 2000 + 30_000,
    );
    return report(targets, providerArrivals);
  } finally {
    await teardown.run();
  }
}

function report(targets: FirstTokenSamples[], providerArrivals: Map<number, bigint>): number {
  const [baseline, openai, knowledge] = targets as [FirstTokenSamples, FirstTokenSamples, FirstTokenSamples];
  const p = (s: FirstTokenSamples, q: number) => percentile(s.firstTokenMs, q);
  console.log('\nTime from sending the request to the first content token:\n');
  console.log(
    markdownTable(
      ['path', 'turns', 'p50', 'p95', 'p99', 'max', 'whole answer p50', 'failed turns'],
      targets.map((s) => [s.label, String(s.firstTokenMs.length), ms(p(s, 50)), ms(p(s, 95)), ms(p(s, 99)), ms(Math.max(...s.firstTokenMs)), ms(percentile(s.totalMs, 50)), String(s.failures)]),
    ),
  );
  const overhead = (q: number) => p(openai, q) - p(baseline, q);
  const failed = targets.some((s) => s.failures > 0);
  const verdict = (ok: boolean) => (failed ? 'invalid: failed turns' : ok ? 'met' : 'missed');
  console.log('\nGoals:\n');
  console.log(
    markdownTable(
      ['figure', 'Parley', 'baseline', 'difference', 'goal', 'result'],
      [
        ['first token, openai bot, p50', ms(p(openai, 50)), ms(p(baseline, 50)), ms(overhead(50)), '', ''],
        ['first token, openai bot, p99', ms(p(openai, 99)), ms(p(baseline, 99)), ms(overhead(99)), `≤ ${GOALS.overheadP99Ms} ms added`, verdict(overhead(99) <= GOALS.overheadP99Ms)],
        ['first token, knowledge bot, p99', ms(p(knowledge, 99)), '—', '', `≤ ${GOALS.knowledgeP99Ms} ms`, verdict(p(knowledge, 99) <= GOALS.knowledgeP99Ms)],
      ],
    ),
  );
  console.log('\nWhere the time to first token goes (each step on its own: p50s and p99s do not add up):\n');
  console.log(markdownTable(['step', 'p50', 'p99'], breakdown(openai, knowledge, providerArrivals)));
  for (const s of targets.filter((t) => t.failures)) console.log(`\n${s.label}: ${s.failures} failed turns, e.g.\n  ${s.failureExamples.join('\n  ')}`);
  return failed ? 1 : 0;
}

/**
 * Steps of a turn, from the client's clock and the provider's (both CLOCK_MONOTONIC): the
 * `message` event is written once the visitor message is stored and the reply job queued.
 */
function breakdown(openai: FirstTokenSamples, knowledge: FirstTokenSamples, providerArrivals: Map<number, bigint>): string[][] {
  const toProvider: number[] = [];
  const fromProvider: number[] = [];
  openai.rounds.forEach((round, i) => {
    const arrived = providerArrivals.get(round);
    if (arrived === undefined) return;
    const reachedMs = Number(arrived - BigInt(openai.sentAtNs[i]!)) / 1e6;
    toProvider.push(reachedMs - openai.messageMs[i]!);
    fromProvider.push(openai.firstTokenMs[i]! - reachedMs);
  });
  const row = (label: string, samples: number[]) => [label, ms(percentile(samples, 50)), ms(percentile(samples, 99))];
  return [
    row('openai: request → `message` event (auth, budget, store, queue the reply)', openai.messageMs),
    row('openai: `message` → provider request arrives (worker takes the job, loads context)', toProvider),
    row('openai: provider request → first token at the client (provider, publish, forward)', fromProvider),
    row('knowledge: request → `message` event', knowledge.messageMs),
    row('knowledge: `message` → first token', knowledge.firstTokenMs.map((t, i) => t - knowledge.messageMs[i]!)),
  ];
}

runBench(main);
