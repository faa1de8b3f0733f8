// Pushes per second through one worker to local FCM and APNs, beside bare BullMQ (issue 7 item 9).
// Run: node tools/dev-stack/bin/tsnode.mjs bench/push-throughput.ts [--jobs=6000 --concurrency=<PUSH_WORKER_CONCURRENCY>]
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Queues } from '@parley/contracts';
import { apnsPayload, Http2Client, pushCredentials, pushJobId, PUSH_ATTEMPTS, PUSH_BACKOFF_TYPE, startPushWorker } from '@parley/push';
import { createCipherKeyring } from '@parley/security';
import { createTestApnsKey, createTestServiceAccount } from '@parley/testing';
import { cpuBetween, cpuSnapshot } from './helpers/cpu-meter';
import { seedPushTargets, type PushTargets } from './helpers/push-seed';
import type { PushServersCounts, PushServersReady, PushServersRequest } from './helpers/push-servers';
import { markdownTable, numericArgs, pct, runBench } from './helpers/report';
import { createScratchInfra } from './helpers/scratch-infra';
import { Teardown } from './helpers/teardown';

const USERS = 200;
const WARMUP_JOBS = 400;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Run {
  name: string;
  jobs: number;
  seconds: number;
  failed: number;
  notSent: number;
  cpu: ReturnType<typeof cpuBetween>;
  goal?: boolean;
}

function startServers(req: PushServersRequest): Promise<{ child: ChildProcess; ready: PushServersReady }> {
  const child = fork(path.join(__dirname, 'helpers/push-servers.ts'), [], { execArgv: ['--conditions=@parley/source', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.send(req);
  return once(child, 'message').then(([ready]) => ({ child, ready: ready as PushServersReady }));
}

const countsOf = (child: ChildProcess) =>
  new Promise<PushServersCounts>((resolve) => {
    child.once('message', (m) => resolve(m as PushServersCounts));
    child.send('counts');
  });

/** Adds the jobs while the worker is paused, then times it from resume to the last job settled. */
async function timed(name: string, queue: Queue, worker: Worker, jobs: { name: string; data: object; opts: object }[], serverPid: number, goal?: boolean): Promise<Run> {
  await worker.pause();
  for (let i = 0; i < jobs.length; i += 1000) await queue.addBulk(jobs.slice(i, i + 1000) as never);
  let done = 0;
  let failed = 0;
  let notSent = 0;
  const finished = new Promise<void>((resolve) => {
    const settle = () => ++done === jobs.length && resolve();
    worker.on('completed', (_job, result: { sent?: number } | undefined) => {
      if (result && 'sent' in result && result.sent !== 1) notSent++;
      settle();
    });
    worker.on('failed', () => {
      failed++;
      settle();
    });
  });
  const before = cpuSnapshot(serverPid);
  const started = performance.now();
  worker.resume();
  await finished;
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuBetween(before, cpuSnapshot(serverPid));
  worker.removeAllListeners('completed');
  worker.removeAllListeners('failed');
  console.log(`  ${name}: ${jobs.length} jobs in ${seconds.toFixed(2)} s = ${(jobs.length / seconds).toFixed(0)}/s, failed ${failed}, not sent ${notSent}`);
  return { name, jobs: jobs.length, seconds, failed, notSent, cpu, ...(goal === undefined ? {} : { goal }) };
}

const pushJob = (j: PushTargets['jobs'][number]) => ({
  name: 'send-push',
  data: { v: Queues.pushNotifications.version, requestId: 'bench', payload: { orgId: j.orgId, conversationId: j.conversationId, messageId: j.messageId } },
  opts: { jobId: pushJobId(j.messageId), attempts: PUSH_ATTEMPTS, backoff: { type: PUSH_BACKOFF_TYPE }, removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: false },
});
const bareJob = (i: number, tag: string) => ({
  name: 'noop',
  data: { v: 1, requestId: 'bench', payload: { orgId: '00000000-0000-4000-8000-000000000000', conversationId: `${tag}-${i}`, messageId: `${i}` } },
  opts: { jobId: `bare-${tag}-${i}`, removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: false },
});

async function main(): Promise<number> {
  const teardown = new Teardown(15 * 60_000);
  try {
    const infra = await createScratchInfra('bench-push');
    teardown.add('scratch database and Redis namespace', () => infra.remove());
    const { config, deps } = infra.serviceSetup('notification');
    const args = numericArgs({ jobs: 6000, concurrency: config.PUSH_WORKER_CONCURRENCY });
    teardown.add('clients', async () => {
      await deps.db.$disconnect();
      for (const c of [deps.redis.redis, deps.redis.subscriber, deps.redis.queueConnection]) c.disconnect();
    });

    const sa = createTestServiceAccount('parley-bench');
    const apnsKey = createTestApnsKey('sandbox');
    const pem = (k: typeof sa.publicKey) => k.export({ format: 'pem', type: 'spki' }).toString();
    const { child, ready } = await startServers({
      fcm: { clientEmail: sa.clientEmail, projectId: sa.projectId, privateKeyId: sa.privateKeyId, publicKeyPem: pem(sa.publicKey) },
      apns: { teamId: apnsKey.body.team_id, keyId: apnsKey.body.key_id, publicKeyPem: pem(apnsKey.publicKey) },
    });
    teardown.add('push servers', async () => child.send('stop'));

    console.log(`seeding ${USERS} end users with one device each and ${Math.ceil((1.5 * args.jobs + WARMUP_JOBS) / (USERS / 2))} bot messages each…`);
    const targets = await seedPushTargets(infra.db, USERS, Math.ceil((1.5 * args.jobs + WARMUP_JOBS) / (USERS / 2)));
    const cipher = createCipherKeyring(config.ENCRYPTION_KEYS);
    await pushCredentials.saveFcm(infra.db, cipher, targets.orgId, targets.channelId, { service_account: sa.json });
    await pushCredentials.saveApns(infra.db, cipher, targets.orgId, targets.channelId, apnsKey.body);
    const fcmJobs = targets.jobs.filter((j) => j.platform === 'fcm');
    const apnsJobs = targets.jobs.filter((j) => j.platform === 'apns');

    // One worker, built as main.ts builds it: config defaults, a pool of 10, the real senders.
    const push = startPushWorker({
      db: deps.db,
      redis: deps.redis.redis,
      connection: deps.redis.queueConnection,
      ns: deps.redis.ns,
      cipher,
      endpoints: {
        fcmBaseUrl: ready.fcmBaseUrl,
        fcmTokenUrl: ready.fcmTokenUrl,
        apns: { productionHost: '127.0.0.1', sandboxHost: '127.0.0.1', port: ready.apnsPort },
        timeoutMs: config.PUSH_REQUEST_TIMEOUT_MS,
        ca: ready.ca,
      },
      concurrency: args.concurrency,
      log: silent,
    });
    teardown.add('push worker', async () => {
      await push.worker.close();
      push.senders.close();
    });
    const pushQueue = new Queue(Queues.pushNotifications.name, { connection: deps.redis.queueConnection, prefix: deps.redis.ns.queuePrefix });
    const bareQueue = new Queue('bench-bare', { connection: deps.redis.queueConnection, prefix: deps.redis.ns.queuePrefix });
    const bare = new Worker('bench-bare', async () => undefined, { connection: deps.redis.queueConnection, prefix: deps.redis.ns.queuePrefix, concurrency: args.concurrency });
    // The floor: a no-op job that also makes one APNs-shaped HTTP/2 POST (the seven APNs headers, a
    // push-sized body, the senders' client) to a server that checks nothing. A push cannot cost less
    // than this, so its ratio to bare BullMQ is the most any push worker could reach on this machine.
    const floorHttp = new Http2Client({ timeoutMs: config.PUSH_REQUEST_TIMEOUT_MS, ca: ready.ca });
    const floorBody = apnsPayload({ conversationId: targets.jobs[0]!.conversationId, messageId: targets.jobs[0]!.messageId, title: 'Parley', body: 'Your order #1 has shipped and should arrive in three to five working days.' });
    const floorHeaders = { authorization: 'bearer floor', 'apns-topic': 'com.example.app', 'apns-push-type': 'alert', 'apns-priority': '10', 'apns-expiration': '0', 'apns-collapse-id': targets.jobs[0]!.conversationId, 'content-type': 'application/json' };
    const floorQueue = new Queue('bench-floor', { connection: deps.redis.queueConnection, prefix: deps.redis.ns.queuePrefix });
    const floor = new Worker(
      'bench-floor',
      async () => {
        const answer = await floorHttp.post(`${ready.floorUrl}/3/device/floor`, floorHeaders, floorBody);
        return { sent: answer.status === 200 ? 1 : 0 };
      },
      { connection: deps.redis.queueConnection, prefix: deps.redis.ns.queuePrefix, concurrency: args.concurrency },
    );
    teardown.add('queues', async () => {
      await Promise.all([bare.close(), floor.close()]);
      floorHttp.close();
      await Promise.all([pushQueue.close(), bareQueue.close(), floorQueue.close()]);
    });

    console.log(`${args.jobs} jobs per run, concurrency ${args.concurrency}, one worker each; FCM and APNs in their own process`);
    // Warm-up (not counted): connections, access and provider tokens, the credential cache, JIT.
    const takeFcm = (n: number) => fcmJobs.splice(0, n).map(pushJob);
    const takeApns = (n: number) => apnsJobs.splice(0, n).map(pushJob);
    await timed('warm-up pushes', pushQueue, push.worker, [...takeFcm(WARMUP_JOBS / 2), ...takeApns(WARMUP_JOBS / 2)], child.pid!);
    await timed('warm-up bare', bareQueue, bare, Array.from({ length: WARMUP_JOBS }, (_, i) => bareJob(i, 'w')), child.pid!);
    await timed('warm-up floor', floorQueue, floor, Array.from({ length: WARMUP_JOBS }, (_, i) => bareJob(i, 'fw')), child.pid!);

    const runs: Run[] = [];
    const bareA = await timed('bare BullMQ (no-op jobs)', bareQueue, bare, Array.from({ length: args.jobs }, (_, i) => bareJob(i, 'a')), child.pid!);
    const floorRun = await timed('floor: no-op job + one bare HTTP/2 POST', floorQueue, floor, Array.from({ length: args.jobs }, (_, i) => bareJob(i, 'f')), child.pid!);
    runs.push(bareA, floorRun);
    runs.push(await timed('pushes to FCM', pushQueue, push.worker, takeFcm(args.jobs), child.pid!, true));
    runs.push(await timed('pushes to APNs', pushQueue, push.worker, takeApns(args.jobs), child.pid!, true));
    const mixed = takeFcm(args.jobs / 2).flatMap((j) => [j, ...takeApns(1)]).slice(0, args.jobs);
    runs.push(await timed('pushes, FCM and APNs mixed', pushQueue, push.worker, mixed, child.pid!, true));
    const bareB = await timed('bare BullMQ (again)', bareQueue, bare, Array.from({ length: args.jobs }, (_, i) => bareJob(i, 'b')), child.pid!);
    runs.push(bareB);

    const counts = await countsOf(child);
    const rate = (r: Run) => r.jobs / r.seconds;
    const bareRate = (rate(bareA) + rate(bareB)) / 2;
    let invalid = counts.refusals.length > 0;
    const rows = runs.map((r) => {
      const ratio = rate(r) / bareRate;
      const errors = r.failed + r.notSent;
      invalid ||= errors > 0;
      const isBare = r === bareA || r === bareB;
      const verdict = r.goal === undefined ? '' : errors ? 'invalid: errors' : rate(r) >= 1000 && ratio >= 0.5 ? 'met' : 'missed';
      return [
        r.name,
        String(r.jobs),
        rate(r).toFixed(0),
        String(errors),
        isBare ? '(baseline)' : pct(100 * ratio, 1),
        r.goal === undefined ? '' : pct((100 * rate(r)) / rate(floorRun), 1),
        r.goal === undefined ? '' : '≥ 1,000/s and ≥ 50%',
        verdict,
      ];
    });
    console.log(
      `\nBaseline: mean of the two bare BullMQ runs, ${bareRate.toFixed(0)} jobs/s. Servers saw ${counts.fcmSends} FCM sends, ${counts.apnsPushes} APNs pushes ` +
        `and ${counts.floorRequests} floor requests; refused ${counts.refusals.length}.\n`,
    );
    console.log(markdownTable(['scenario', 'jobs', 'jobs/s', 'errors', 'vs bare BullMQ', 'vs floor', 'goal', 'result'], rows));
    console.log('\nCPU over the measured window, % of one core (the machine: % of all cores):\n');
    console.log(
      markdownTable(
        ['scenario', 'worker process', 'FCM+APNs process', 'Postgres', 'Redis', 'machine', 'stolen by the host'],
        runs.map((r) => [r.name, pct(r.cpu.clientPct), pct(r.cpu.serverPct), pct(r.cpu.postgresPct), pct(r.cpu.redisPct), pct(r.cpu.machinePct), pct(r.cpu.stealPct)]),
      ),
    );
    if (invalid) console.log(`\nA run had failed or unsent jobs, or the servers refused requests (${counts.refusals.slice(0, 3).join('; ')}): its figure is not valid.`);
    return invalid ? 1 : 0;
  } finally {
    await teardown.run();
  }
}

runBench(main);
