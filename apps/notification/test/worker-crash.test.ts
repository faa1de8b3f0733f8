import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queues } from '@parley/contracts';
import { pushJobId, schedulePush } from '@parley/push';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { eventually, say, seedMobileOrg } from './fixtures';
import { devicesFor, settled, startPushHarness, type PushHarness } from './push-harness';

const infra = useTestInfra();
// Push delays, retries and lock expiry take seconds by design; `npm test` (all projects in one
// run) does not apply the preset's testTimeout, so this file sets its own.
jest.setTimeout(30_000);
const TOKEN = 'fcm-crash-' + 'c'.repeat(150);
/** Short BullMQ lock and stalled-check interval, so a dead worker's job comes back in seconds. */
const LOCK_MS = 2000;
const STALLED_MS = 1000;

/** The real notification main.ts in its own process, trusting the local servers' CAs as an operator would. */
async function startNotificationProcess(harness: PushHarness): Promise<ChildProcess> {
  const caFile = path.join(await mkdtemp(path.join(tmpdir(), 'parley-ca-')), 'ca.pem');
  await writeFile(caFile, `${harness.fcm.ca}\n${harness.apns.ca}`);
  const child = spawn(process.execPath, ['--conditions=@parley/source', '--import', 'tsx', path.join(__dirname, '../src/main.ts')], {
    cwd: path.resolve(__dirname, '../../..'),
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      DATABASE_URL: infra.databaseUrl,
      REDIS_URL: infra.redisUrl,
      REDIS_PREFIX: infra.redis.ns.prefix,
      NODE_EXTRA_CA_CERTS: caFile,
      FCM_BASE_URL: harness.fcm.baseUrl,
      FCM_TOKEN_URL: harness.fcm.tokenUrl,
      APNS_SANDBOX_HOST: '127.0.0.1',
      APNS_PORT: String(harness.apns.port),
      PUSH_REQUEST_TIMEOUT_MS: '60000',
      WORKER_LOCK_DURATION_MS: String(LOCK_MS),
      WORKER_STALLED_INTERVAL_MS: String(STALLED_MS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  await eventually(async () => out.includes('Server listening'), 20_000, 'the notification process to listen');
  return child;
}

describe('reliability: a worker killed mid-job', () => {
  let harness: PushHarness;
  beforeAll(async () => {
    harness = await startPushHarness();
  });
  afterAll(() => harness.close());

  it('leaves the job to be retried by another worker (BullMQ stalled-job check), not lost', async () => {
    const org = await seedMobileOrg(infra.db, 'crash');
    await harness.configure(infra.db, org);
    await devicesFor(infra.db, org, [{ platform: 'fcm', token: TOKEN }]);
    // The first send never gets an answer: the process is killed while it waits.
    harness.fcmPlans.set(TOKEN, [{ kind: 'stall' }, { kind: 'ok' }]);

    const child = await startNotificationProcess(harness);
    const message = await say(org, 'agent', 'Did the parcel arrive?');
    const producer = await buildApp(infra.deps(), { logger: false });
    await schedulePush(producer.queues, { orgId: org.orgId, conversationId: org.conversation.id, messageId: message.id }, { requestId: 'crash', delayMs: 0 });
    await harness.fcm.sends.waitFor(harness.fcm.sends.length + 1, 15_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const survivor = await buildApp(infra.deps(), harness.appOptions({ lockDurationMs: LOCK_MS, stalledIntervalMs: STALLED_MS }));
    await survivor.ready();
    const outcome = await settled(survivor.queues.get(Queues.pushNotifications).queue, pushJobId(message.id), 20_000);
    expect(outcome).toMatchObject({ state: 'completed', result: { sent: 1 } });
    expect(harness.fcm.sends.items.filter((s) => s.message.token === TOKEN)).toHaveLength(2);
    await Promise.all([survivor.close(), producer.close()]);
  });
});
